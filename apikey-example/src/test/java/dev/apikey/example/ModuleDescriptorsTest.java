package dev.apikey.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.apikey.ApiKeys;
import dev.apikey.cache.CachingKeyStore;
import dev.apikey.http.ApiKeyAuthenticator;
import dev.apikey.jaxrs.ApiKeyFeature;
import dev.apikey.jdbc.JdbcKeyStore;
import dev.apikey.redis.RedisRateLimiter;
import dev.apikey.servlet.ApiKeyFilter;
import io.lettuce.core.RedisClient;
import jakarta.servlet.Filter;
import jakarta.ws.rs.core.Feature;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The published modules' {@code module-info}: they resolve together on a module path (with only their declared
 * dependencies), export their API packages and nothing else, and work there — a key is issued and verified through
 * classes loaded in a module layer, where core's internal package is closed to everyone but apikey's own modules.
 */
final class ModuleDescriptorsTest {

    private static final List<String> APIKEY_MODULES = List.of(
            "dev.apikey",
            "dev.apikey.http",
            "dev.apikey.servlet",
            "dev.apikey.cache",
            "dev.apikey.jdbc",
            "dev.apikey.jaxrs",
            "dev.apikey.redis");

    private static Path jarOf(Class<?> type) {
        try {
            return Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Configuration resolveAll() {
        ModuleFinder finder = ModuleFinder.of(
                jarOf(ApiKeys.class),
                jarOf(ApiKeyAuthenticator.class),
                jarOf(ApiKeyFilter.class),
                jarOf(CachingKeyStore.class),
                jarOf(JdbcKeyStore.class),
                jarOf(com.zaxxer.hikari.HikariDataSource.class),
                jarOf(LoggerFactory.class),
                jarOf(Caffeine.class),
                jarOf(Filter.class),
                jarOf(ApiKeyFeature.class),
                jarOf(Feature.class),
                jarOf(RedisRateLimiter.class),
                jarOf(RedisClient.class));
        return ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), APIKEY_MODULES);
    }

    @Test
    void everyPublishedModuleExportsItsApiOnly() {
        Map<String, ModuleDescriptor> descriptors = resolveAll().modules().stream()
                .map(module -> module.reference().descriptor())
                .filter(descriptor -> APIKEY_MODULES.contains(descriptor.name()))
                .collect(Collectors.toMap(ModuleDescriptor::name, descriptor -> descriptor));

        assertThat(descriptors).containsOnlyKeys(APIKEY_MODULES);
        assertThat(exports(descriptors.get("dev.apikey")))
                .containsExactlyInAnyOrder(
                        "dev.apikey",
                        "dev.apikey.internal to [dev.apikey.cache, dev.apikey.http, dev.apikey.jaxrs, dev.apikey.jdbc,"
                                + " dev.apikey.redis, dev.apikey.servlet]");
        assertThat(exports(descriptors.get("dev.apikey.http"))).containsExactly("dev.apikey.http");
        assertThat(exports(descriptors.get("dev.apikey.servlet"))).containsExactly("dev.apikey.servlet");
        assertThat(exports(descriptors.get("dev.apikey.cache"))).containsExactly("dev.apikey.cache");
        assertThat(exports(descriptors.get("dev.apikey.jdbc"))).containsExactly("dev.apikey.jdbc");
        assertThat(exports(descriptors.get("dev.apikey.jaxrs"))).containsExactly("dev.apikey.jaxrs");
        assertThat(exports(descriptors.get("dev.apikey.redis"))).containsExactly("dev.apikey.redis");
        descriptors
                .values()
                .forEach(descriptor ->
                        assertThat(descriptor.opens()).as(descriptor.name()).isEmpty());
    }

    private static Set<String> exports(ModuleDescriptor descriptor) {
        return descriptor.exports().stream()
                .map(export -> export.isQualified()
                        ? export.source() + " to "
                                + export.targets().stream().sorted().toList()
                        : export.source())
                .collect(Collectors.toSet());
    }

    @Test
    void aKeyIsIssuedAndVerifiedOnTheModulePath() throws Exception {
        ModuleLayer layer =
                ModuleLayer.boot().defineModulesWithOneLoader(resolveAll(), ClassLoader.getPlatformClassLoader());
        Module core = layer.findModule("dev.apikey").orElseThrow();
        ClassLoader loader = core.getClassLoader();

        Class<?> apiKeys = loader.loadClass("dev.apikey.ApiKeys");
        assertThat(apiKeys.getModule()).isSameAs(core);
        Object builder = apiKeys.getMethod("builder").invoke(null);
        Object instance = builder.getClass().getMethod("build").invoke(builder);
        Class<?> keySpec = loader.loadClass("dev.apikey.KeySpec");
        Object specBuilder = keySpec.getMethod("builder", String.class).invoke(null, "module-path");
        Object spec = specBuilder.getClass().getMethod("build").invoke(specBuilder);
        Object issued = apiKeys.getMethod("issue", keySpec).invoke(instance, spec);
        String secret = (String) issued.getClass().getMethod("secret").invoke(issued);
        Object validator = apiKeys.getMethod("validator").invoke(instance);
        Method verify = loader.loadClass("dev.apikey.KeyValidator").getMethod("verify", String.class);
        Object verification = verify.invoke(validator, secret);
        assertThat(loader.loadClass("dev.apikey.Verification")
                        .getMethod("isValid")
                        .invoke(verification))
                .isEqualTo(true);

        assertThat(core.isExported("dev.apikey")).isTrue();
        assertThat(core.isExported("dev.apikey.internal"))
                .as("internal to everyone")
                .isFalse();
        assertThat(core.isExported(
                        "dev.apikey.internal",
                        layer.findModule("dev.apikey.jdbc").orElseThrow()))
                .isTrue();
        assertThat(layer.findModule("dev.apikey.servlet").orElseThrow().getDescriptor().requires().stream()
                        .map(ModuleDescriptor.Requires::name))
                .contains("dev.apikey.http", "jakarta.servlet");
    }
}
