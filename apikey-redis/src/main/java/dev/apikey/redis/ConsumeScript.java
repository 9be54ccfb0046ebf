package dev.apikey.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The decision script ({@code consume.lua}): run by its digest, loaded again when the server no longer has it (a
 * restart, {@code SCRIPT FLUSH}).
 */
final class ConsumeScript {

    private final String source;
    private volatile @Nullable String digest;

    ConsumeScript() {
        try (InputStream in = ConsumeScript.class.getResourceAsStream("consume.lua")) {
            if (in == null) {
                throw new IllegalStateException("consume.lua is missing from the apikey-redis jar");
            }
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read consume.lua from the apikey-redis jar", e);
        }
    }

    /** Runs the script on {@code key} with {@code arguments}; the counters as they were before. */
    List<Object> run(RedisCommands<String, String> commands, String key, String... arguments) {
        String current = digest;
        if (current != null) {
            try {
                return commands.evalsha(current, ScriptOutputType.MULTI, new String[] {key}, arguments);
            } catch (RedisNoScriptException gone) {
                digest = null;
            }
        }
        digest = commands.scriptLoad(source);
        return commands.eval(source, ScriptOutputType.MULTI, new String[] {key}, arguments);
    }
}
