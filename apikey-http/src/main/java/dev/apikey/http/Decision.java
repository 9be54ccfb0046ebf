package dev.apikey.http;

import dev.apikey.ApiKey;
import dev.apikey.LimitStatus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What {@link ApiKeyAuthenticator#decide} answers for a request: let it through, or refuse it. */
public sealed interface Decision {

    /**
     * The request may reach its handler.
     *
     * @param key     the verified key ({@code Access.REQUIRE}), empty on an open endpoint
     * @param limits  the key's rate limit or quota standing after this request, when it has one
     * @param headers response headers to set before the handler runs (the {@code RateLimit-*} fields), unmodifiable
     * @param hide    where the request carried a key: hide each from the handler
     */
    record Allowed(Optional<ApiKey> key, Optional<LimitStatus> limits, Map<String, String> headers, KeySources hide)
            implements Decision {

        /** Copies the headers. */
        public Allowed {
            headers = headers.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }
    }

    /**
     * The request is refused; answer with {@link Refusal#status()}, {@link Refusal#headers()} and its problem body.
     *
     * @param refusal the complete refusal
     */
    record Refused(Refusal refusal) implements Decision {}
}
