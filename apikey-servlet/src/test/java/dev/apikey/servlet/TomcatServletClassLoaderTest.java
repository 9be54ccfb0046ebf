package dev.apikey.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikey.ApiKeys;
import dev.apikey.KeySpec;
import dev.apikey.RequireApiKey;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.Test;

/**
 * The filter reads a servlet's annotations from its class, loaded by name. When the web application's class loader
 * cannot see the class (embedded Tomcat under {@code mvn exec:java}, whose web application loader has the system
 * class loader as parent), the filter's own loader is tried: the {@code @RequireApiKey} servlet stays protected.
 * It used to be served without a key, with nothing but a WARN.
 */
final class TomcatServletClassLoaderTest {

    @RequireApiKey
    public static class ProtectedServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().write("secret");
        }
    }

    @Test
    void aServletTheWebApplicationLoaderCannotSeeIsStillProtected() throws Exception {
        ApiKeys apiKeys = ApiKeys.builder().build();
        String key = apiKeys.issue(KeySpec.builder("visibility").build()).secret();
        Tomcat tomcat = new Tomcat();
        Path base = Files.createTempDirectory("apikey-tomcat");
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        context.setParentClassLoader(ClassLoader.getPlatformClassLoader()); // sees neither the servlet nor apikey
        Tomcat.addServlet(context, "protected", new ProtectedServlet());
        context.addServletMappingDecoded("/protected", "protected");
        FilterDef definition = new FilterDef();
        definition.setFilterName("apikey");
        definition.setFilter(ApiKeyFilter.builder().apiKeys(apiKeys).build());
        context.addFilterDef(definition);
        FilterMap map = new FilterMap();
        map.setFilterName("apikey");
        map.addURLPattern("/*");
        context.addFilterMap(map);
        tomcat.start();
        assertThatThrownBy(() -> Class.forName(
                        ProtectedServlet.class.getName(),
                        false,
                        context.getServletContext().getClassLoader()))
                .as("the premise: the web application's class loader cannot see the servlet")
                .isInstanceOf(ClassNotFoundException.class);
        try {
            Http http = new Http(URI.create("http://127.0.0.1:" + connector.getLocalPort()));
            assertThat(http.get("/protected").statusCode()).isEqualTo(401);
            assertThat(http.get("/protected", "X-API-Key", key).statusCode()).isEqualTo(200);
        } finally {
            tomcat.stop();
            tomcat.destroy();
            apiKeys.close();
        }
    }
}
