package dev.apikey.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikey.ApiKeys;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Servlet;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A servlet whose class no loader the filter can use sees (here: defined by a class loader of its own) stops the
 * filter from starting, with a message saying what to do: the filter cannot read its annotations and does not
 * guess, since guessing "open" would serve a {@code @RequireApiKey} servlet without a key.
 */
final class UnreadableServletClassTest {

    @Test
    void aServletNoLoaderCanSeeStopsTheFilterFromStarting(@TempDir Path classes) throws Exception {
        Servlet hidden = compileHiddenServlet(classes);
        ApiKeys apiKeys = ApiKeys.builder().build();
        Server server = new Server(0);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder("hidden", hidden), "/hidden");
        context.addFilter(
                new FilterHolder(ApiKeyFilter.builder().apiKeys(apiKeys).build()),
                "/*",
                EnumSet.allOf(DispatcherType.class));
        server.setHandler(context);
        try {
            assertThatThrownBy(server::start)
                    .hasStackTraceContaining("servlet 'hidden' (hidden.HiddenServlet) cannot be loaded")
                    .hasStackTraceContaining("will not guess what it requires");
        } finally {
            server.stop();
            apiKeys.close();
        }
    }

    /** A {@code @RequireApiKey} servlet in a class loader of its own, which neither Jetty nor the filter sees. */
    private static Servlet compileHiddenServlet(Path classes) throws Exception {
        Path source = classes.resolve("hidden/HiddenServlet.java");
        Files.createDirectories(source.getParent());
        Files.writeString(
                source,
                "package hidden;\n"
                        + "@dev.apikey.RequireApiKey\n"
                        + "public class HiddenServlet extends jakarta.servlet.http.HttpServlet {}\n");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int status = compiler.run(
                null,
                null,
                null,
                List.of(
                                "-classpath",
                                System.getProperty("java.class.path"),
                                "-d",
                                classes.toString(),
                                source.toString())
                        .toArray(String[]::new));
        assertThat(status).as("compiling the hidden servlet").isZero();
        URLClassLoader loader = new URLClassLoader(
                new java.net.URL[] {classes.toUri().toURL()}, UnreadableServletClassTest.class.getClassLoader());
        return (Servlet) loader.loadClass("hidden.HiddenServlet")
                .getDeclaredConstructor()
                .newInstance();
    }
}
