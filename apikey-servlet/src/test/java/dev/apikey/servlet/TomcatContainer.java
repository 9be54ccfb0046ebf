package dev.apikey.servlet;

import jakarta.servlet.DispatcherType;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** Embedded Tomcat 11 on port 0. */
final class TomcatContainer implements TestContainer {

    private Tomcat tomcat;
    private File baseDir;

    @Override
    public URI start(Deployment deployment) throws Exception {
        baseDir = Files.createTempDirectory("apikey-tomcat").toFile();
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.getAbsolutePath());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxHttpHeaderSize", Integer.toString(32 * 1024));
        tomcat.setConnector(connector);

        // As a production Tomcat should be: error pages for requests the container itself rejects (malformed
        // HTTP, before any filter runs) show neither stack traces nor the server version.
        org.apache.catalina.valves.ErrorReportValve errorReports = new org.apache.catalina.valves.ErrorReportValve();
        errorReports.setShowReport(false);
        errorReports.setShowServerInfo(false);
        tomcat.getHost().getPipeline().addValve(errorReports);

        Context context = tomcat.addContext("", baseDir.getAbsolutePath());
        // Like every standard Tomcat web application, a default servlet answers what no other servlet maps.
        Tomcat.addServlet(context, "default", new org.apache.catalina.servlets.DefaultServlet());
        context.addServletMappingDecoded("/", "default");
        context.addServletContainerInitializer(
                (classes, servletContext) -> {
                    deployment.contextAttributes.forEach(servletContext::setAttribute);
                    deployment.listeners.forEach(servletContext::addListener);
                },
                null);
        for (Deployment.ServletSpec spec : deployment.servlets) {
            Wrapper wrapper;
            if (spec.instance() != null) {
                wrapper = Tomcat.addServlet(context, spec.name(), spec.instance());
            } else {
                wrapper = Tomcat.addServlet(
                        context, spec.name(), spec.type() != null ? spec.type().getName() : spec.className());
            }
            wrapper.setAsyncSupported(true);
            context.addServletMappingDecoded(spec.mapping(), spec.name());
        }
        if (deployment.filter != null) {
            FilterDef definition = new FilterDef();
            definition.setFilterName("apikey");
            definition.setFilter(deployment.filter);
            definition.setAsyncSupported("true");
            deployment.filterInitParameters.forEach(definition::addInitParameter);
            context.addFilterDef(definition);
            FilterMap map = new FilterMap();
            map.setFilterName("apikey");
            map.addURLPattern("/*");
            for (DispatcherType type : DispatcherType.values()) {
                map.setDispatcher(type.name());
            }
            context.addFilterMap(map);
        }
        deployment.errorPages.forEach((status, location) -> {
            ErrorPage page = new ErrorPage();
            page.setErrorCode(status);
            page.setLocation(location);
            context.addErrorPage(page);
        });
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED) {
            throw new IllegalStateException("the Tomcat context failed to start: " + context.getState());
        }
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @Override
    public String name() {
        return "Tomcat";
    }

    @Override
    public void close() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
        if (baseDir != null) {
            try (var paths = Files.walk(baseDir.toPath())) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .map(java.nio.file.Path::toFile)
                        .forEach(File::delete);
            }
        }
    }
}
