package dev.apikey.spring;

import dev.apikey.http.ApiKeyAuthenticator;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings under {@code apikey.*} (first step of the starter: what the MVC integration reads so far). */
@ConfigurationProperties("apikey")
public class ApiKeyProperties {

    /** Whether endpoints without an annotation need a key (default {@code false}: they are open). */
    private boolean requireByDefault;

    /** The header keys are read from. */
    private String headerName = ApiKeyAuthenticator.DEFAULT_HEADER;

    /** Whether endpoints without an annotation need a key. */
    public boolean isRequireByDefault() {
        return requireByDefault;
    }

    /** Sets whether endpoints without an annotation need a key. */
    public void setRequireByDefault(boolean requireByDefault) {
        this.requireByDefault = requireByDefault;
    }

    /** The header keys are read from (default {@code X-API-Key}). */
    public String getHeaderName() {
        return headerName;
    }

    /** Sets the header keys are read from. */
    public void setHeaderName(String headerName) {
        this.headerName = headerName;
    }
}
