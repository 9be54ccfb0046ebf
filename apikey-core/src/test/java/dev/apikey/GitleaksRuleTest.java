package dev.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shipped gitleaks rule finds generated keys, and only key-shaped text. */
final class GitleaksRuleTest {

    private static Pattern rule() throws Exception {
        String config = Files.readString(Path.of("..", ".gitleaks.toml"));
        Matcher regex = Pattern.compile("regex = '''(.+?)'''").matcher(config);
        assertThat(regex.find()).as("the rule's regex").isTrue();
        return Pattern.compile(regex.group(1));
    }

    @Test
    void theRuleFindsEveryGeneratedKeyInText() throws Exception {
        Pattern rule = rule();
        KeyGenerator generator = KeyGenerator.secure();
        for (int i = 0; i < 10_000; i++) {
            String key = generator.generate();
            Matcher found = rule.matcher("API_KEY=\"" + key + "\"\ncurl -H 'X-API-Key: " + key + "' …");
            assertThat(found.find()).isTrue();
            assertThat(found.group()).isEqualTo(key);
        }
    }

    @Test
    void theRuleMatchesWhatKeyFormatPrintsForTheDefaultPrefix() throws Exception {
        assertThat(rule().pattern()).isEqualTo(KeyFormat.standard().scannerRegex());
    }

    @Test
    void theRuleIgnoresTextThatIsNotAKey() throws Exception {
        Pattern rule = rule();
        String key = KeyGenerator.secure().generate();

        assertThat(rule.matcher("ak_short and ak_" + "x".repeat(48)).find()).isFalse();
        assertThat(rule.matcher(key + "x").find()).as("one character too long").isFalse();
        assertThat(rule.matcher("sha256:" + "ab".repeat(32)).find()).isFalse();
    }
}
