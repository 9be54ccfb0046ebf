package dev.apikey.bench;

import dev.apikey.ApiKeys;
import dev.apikey.KeySpec;
import dev.apikey.RequireApiKey;
import dev.apikey.VerificationListener;
import dev.apikey.servlet.ApiKeyFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole request through Jetty 12 without the network ({@link LocalConnector}): the protected servlet behind
 * {@link ApiKeyFilter} against the same servlet behind a no-op filter, in the same server and run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class FilterBenchmark {

    /** The example's protected servlet. */
    @RequireApiKey
    public static final class SecureData extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/json");
            response.getWriter().write("{\"data\":\"This is secured data\"}");
        }
    }

    private Server server;
    private LocalConnector connector;
    private ApiKeys apiKeys;
    private String protectedRequest;
    private String unprotectedRequest;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        apiKeys = ApiKeys.builder().listener(VerificationListener.none()).build();
        for (int i = 0; i < 10_000; i++) {
            apiKeys.issue(KeySpec.builder("k" + i).build());
        }
        String key = apiKeys.issue(KeySpec.builder("benchmarked").build()).secret();
        server = new Server();
        connector = new LocalConnector(server);
        server.addConnector(connector);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        contexts.addHandler(
                context("/protected", ApiKeyFilter.builder().apiKeys(apiKeys).build()));
        contexts.addHandler(context("/unprotected", (request, response, chain) -> chain.doFilter(request, response)));
        server.setHandler(contexts);
        server.start();
        protectedRequest = "GET /protected/secure-data HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + key + "\r\n\r\n";
        unprotectedRequest =
                "GET /unprotected/secure-data HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + key + "\r\n\r\n";
        if (!protectedRequest().contains(" 200 ")
                || !unprotectedRequest().contains(" 200 ")
                || !connector
                        .getResponse("GET /protected/secure-data HTTP/1.1\r\nHost: localhost\r\n\r\n")
                        .contains(" 401 ")) {
            throw new IllegalStateException("the benchmark's server does not answer as expected");
        }
    }

    private static ServletContextHandler context(String path, Filter filter) {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath(path);
        context.addServlet(new ServletHolder("secure-data", new SecureData()), "/secure-data");
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.allOf(DispatcherType.class));
        return context;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        server.stop();
        apiKeys.close();
    }

    @Benchmark
    public String protectedRequest() throws Exception {
        return connector.getResponse(protectedRequest);
    }

    @Benchmark
    public String unprotectedRequest() throws Exception {
        return connector.getResponse(unprotectedRequest);
    }
}
