package dev.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
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

    /**
     * Nothing committed matches the rule but the sample of docs/keys.md, which the rule's allowlist names: the fuzz seeds
     * and test keys use other prefixes, so running gitleaks on this repository finds nothing.
     */
    @Test
    void theRepositoryHoldsNoKeyButTheAllowlistedSample() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        Process ls;
        try {
            // safe.directory: a checkout owned by another user than the one running the build is still read.
            ls = new ProcessBuilder("git", "-c", "safe.directory=*", "ls-files", "-z")
                    .directory(root.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (java.io.IOException noGit) {
            assertThat(ci)
                    .as("CI=true but git cannot run: %s", noGit.getMessage())
                    .isFalse();
            Assumptions.abort("git is not installed: " + noGit.getMessage());
            return;
        }
        String listing = new String(ls.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean listed = ls.waitFor() == 0 && !listing.isEmpty();
        assertThat(listed || !ci)
                .as("CI=true but %s is not a git checkout git can list", root)
                .isTrue();
        Assumptions.assumeTrue(listed, "not a git checkout");

        String config = Files.readString(root.resolve(".gitleaks.toml"));
        Matcher allowed = Pattern.compile("regexes = \\['''(.+?)'''\\]").matcher(config);
        assertThat(allowed.find()).as("the allowlist").isTrue();
        Pattern sample = Pattern.compile(allowed.group(1));
        Pattern rule = rule();
        List<String> findings = new ArrayList<>();
        for (String file : listing.split("\0")) {
            Path path = root.resolve(file);
            if (!Files.isRegularFile(path)) {
                continue;
            }
            Matcher match = rule.matcher(new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1));
            while (match.find()) {
                if (!sample.matcher(match.group()).matches()) {
                    findings.add(file + " at " + match.start());
                }
            }
        }
        assertThat(findings).as("committed text the gitleaks rule reports").isEmpty();
        assertThat(KeyFormat.standard().isWellFormed(sample.pattern()))
                .as("the sample is a well-formed key")
                .isTrue();
    }
}
