package dev.apikey.bench;

import dev.apikey.ApiKeys;
import dev.apikey.KeySpec;
import dev.apikey.ScopeMatch;
import dev.apikey.Verification;
import dev.apikey.VerificationContext;
import dev.apikey.VerificationListener;
import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.http.Decision;
import dev.apikey.http.EndpointRequirement;
import dev.apikey.http.HttpRequestView;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
 * What the HTTP layer adds to verification: {@link ApiKeyAuthenticator#decide} of a request carrying a valid key
 * (reading the header, resolving the client address, building the context, the decision and its headers) against
 * the {@code verify} call it makes, with the same context, in the same run. 10 000 keys in memory.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class AuthenticatorBenchmark {

    /** A request as an integration hands it over: one key header, a loopback peer. */
    private record Request(String key) implements HttpRequestView {
        @Override
        public String method() {
            return "GET";
        }

        @Override
        public String path() {
            return "/secure-data";
        }

        @Override
        public List<String> headers(String name) {
            return name.equalsIgnoreCase("X-API-Key") ? List.of(key) : List.of();
        }

        @Override
        public String rawQuery() {
            return null;
        }

        @Override
        public String peerAddress() {
            return "127.0.0.1";
        }

        @Override
        public boolean secure() {
            return false;
        }
    }

    private ApiKeys apiKeys;
    private ApiKeyAuthenticator authenticator;
    private EndpointRequirement requirement;
    private Request request;
    private String key;
    private VerificationContext context;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        apiKeys = ApiKeys.builder().listener(VerificationListener.none()).build();
        for (int i = 0; i < 10_000; i++) {
            apiKeys.issue(KeySpec.builder("k" + i).build());
        }
        key = apiKeys.issue(
                        KeySpec.builder("benchmarked").scopes("reports:read").build())
                .secret();
        authenticator = ApiKeyAuthenticator.builder().apiKeys(apiKeys).build();
        requirement = EndpointRequirement.require(Set.of("reports:read"), ScopeMatch.ALL, "benchmark");
        request = new Request(key);
        context = VerificationContext.builder()
                .clientAddress(InetAddress.getLoopbackAddress())
                .requiredScopes(ScopeMatch.ALL, Set.of("reports:read"))
                .request("GET", "/secure-data")
                .build();
        if (!(decide() instanceof Decision.Allowed) || !verify().isValid()) {
            throw new IllegalStateException("the benchmark's key is not accepted");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        apiKeys.close();
    }

    /** The reference: the verification alone, with the context the layer builds. */
    @Benchmark
    public Verification verify() {
        return apiKeys.validator().verify(key, context);
    }

    /** The whole decision of the HTTP layer. */
    @Benchmark
    public Decision decide() {
        return authenticator.decide(request, requirement);
    }
}
