package dev.apikey.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikey.ApiKeys;
import dev.apikey.KeyHash;
import dev.apikey.KeySpec;
import dev.apikey.KeyStore;
import dev.apikey.spring.SecureWebFluxController;
import dev.apikey.spring.conformance.NettyServer;
import dev.apikey.testing.ForwardingKeyStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import reactor.core.scheduler.Schedulers;

/**
 * A key store that may block is never asked on a Netty event loop: every lookup is recorded with whether it ran
 * on a thread Reactor marks non-blocking (the event loops), and none may. A store that never blocks is asked
 * inline.
 */
final class EventLoopTest {

    /** Where each lookup ran. */
    record Lookup(String thread, boolean nonBlocking) {}

    /** The in-memory store, claiming to block (as a database does) unless told otherwise, recording its lookups. */
    static final class RecordingStore extends ForwardingKeyStore {
        final List<Lookup> lookups = new CopyOnWriteArrayList<>();
        private final boolean blocking;

        RecordingStore(boolean blocking) {
            super(KeyStore.inMemory());
            this.blocking = blocking;
        }

        @Override
        public Optional<dev.apikey.ApiKey> findByHash(KeyHash hash) {
            lookups.add(new Lookup(Thread.currentThread().getName(), Schedulers.isInNonBlockingThread()));
            return super.findByHash(hash);
        }

        @Override
        public boolean blocking() {
            return blocking;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({SecureWebFluxController.class, NettyServer.class})
    static class App {}

    private static List<Lookup> lookupsOf(boolean blocking) throws Exception {
        RecordingStore store = new RecordingStore(blocking);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .properties("server.port=0", "spring.main.web-application-type=reactive", "spring.main.banner-mode=off")
                .initializers(application -> application.getBeanFactory().registerSingleton("keyStore", store))
                .run()) {
            String key = context.getBean(ApiKeys.class)
                    .issue(KeySpec.builder("k").build())
                    .secret();
            URI secure = URI.create(
                    "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + "/secure");
            HttpClient client = HttpClient.newHttpClient();
            for (String presented : List.of(key, key, key.substring(0, key.length() - 1) + "x")) {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(secure)
                                .header("X-API-Key", presented)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isIn(200, 401);
            }
        }
        return store.lookups;
    }

    @Test
    void aStoreThatMayBlockIsNeverAskedOnAnEventLoop() throws Exception {
        List<Lookup> lookups = lookupsOf(true);

        assertThat(lookups).hasSizeGreaterThanOrEqualTo(2);
        assertThat(lookups).allSatisfy(lookup -> {
            assertThat(lookup.nonBlocking()).as(lookup.thread()).isFalse();
            assertThat(lookup.thread()).startsWith("apikey-verification");
        });
    }

    @Test
    void aStoreThatNeverBlocksIsAskedInlineOnTheEventLoop() throws Exception {
        List<Lookup> lookups = lookupsOf(false);

        assertThat(lookups).hasSizeGreaterThanOrEqualTo(2);
        assertThat(lookups)
                .allSatisfy(lookup ->
                        assertThat(lookup.nonBlocking()).as(lookup.thread()).isTrue());
    }
}
