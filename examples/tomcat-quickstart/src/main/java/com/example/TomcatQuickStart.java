package com.example;

import dev.apikey.ApiKeys;
import dev.apikey.KeySpec;
import dev.apikey.RequireApiKey;
import dev.apikey.servlet.ApiKeyFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** A protected endpoint on embedded Tomcat 11: {@code GET /secure-data} needs an API key. */
public final class TomcatQuickStart {

    @RequireApiKey
    public static class SecureDataServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/json");
            response.getWriter().write("{\"data\":\"This is secured data\"}");
        }
    }

    public static void main(String[] args) throws Exception {
        ApiKeys apiKeys = ApiKeys.builder().build();                   // in memory: see the SQL store quick start
        String key = apiKeys.issue(KeySpec.builder("demo").build()).secret();  // shown once, stored as a hash
        Tomcat tomcat = start(apiKeys, 8080);
        System.out.println("try: curl -i -H 'X-API-Key: " + key + "' http://localhost:8080/secure-data");
        tomcat.getServer().await();
    }

    /** Starts Tomcat on localhost only (not every interface); port 0 picks a free port. */
    static Tomcat start(ApiKeys apiKeys, int port) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(port);
        connector.setProperty("address", "localhost");
        tomcat.setConnector(connector);
        ErrorReportValve errorPages = new ErrorReportValve();          // error pages without stack traces
        errorPages.setShowReport(false);
        errorPages.setShowServerInfo(false);
        tomcat.getHost().getPipeline().addValve(errorPages);

        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "secure-data", new SecureDataServlet());
        context.addServletMappingDecoded("/secure-data", "secure-data");

        FilterDef filter = new FilterDef();
        filter.setFilterName("apikey");
        filter.setFilter(ApiKeyFilter.builder().apiKeys(apiKeys).build());
        filter.setAsyncSupported("true");
        context.addFilterDef(filter);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName("apikey");
        mapping.addURLPattern("/*");
        for (DispatcherType type : DispatcherType.values()) {            // all dispatcher types: see docs/servlet.md
            mapping.setDispatcher(type.name());
        }
        context.addFilterMap(mapping);

        tomcat.start();
        return tomcat;
    }
}
