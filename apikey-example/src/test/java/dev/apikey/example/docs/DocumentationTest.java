package dev.apikey.example.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation cannot rot: every relative link and anchor of every Markdown page resolves, every page under
 * {@code docs/} is reachable from the README, and the README's quick starts are the files of the example projects
 * the build compiles and tests, character for character.
 */
final class DocumentationTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyRelativeLinkAndAnchorResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            Markdown markdown = Markdown.read(page);
            for (String link : markdown.links()) {
                if (link.matches("^[a-z]+:.*")) {
                    continue; // https:, mailto:: not checked offline
                }
                String target = link.contains("#") ? link.substring(0, link.indexOf('#')) : link;
                String anchor = link.contains("#") ? link.substring(link.indexOf('#') + 1) : null;
                Path resolved = target.isEmpty()
                        ? page
                        : page.getParent().resolve(target).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(ROOT.relativize(page) + ": " + link + " (no such file)");
                } else if (anchor != null
                        && (!resolved.toString().endsWith(".md")
                                || !Markdown.read(resolved).anchors().contains(anchor))) {
                    broken.add(ROOT.relativize(page) + ": " + link + " (no such heading in " + ROOT.relativize(resolved)
                            + ")");
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void everyDocumentationPageIsLinkedFromTheReadme() throws IOException {
        List<String> linked = Markdown.read(ROOT.resolve("README.md")).links().stream()
                .map(link -> link.replaceFirst("#.*", ""))
                .toList();
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            assertThat(docs.map(page -> "docs/" + page.getFileName()).toList())
                    .as("pages under docs/")
                    .isNotEmpty()
                    .allSatisfy(page -> assertThat(linked).as("README links").contains(page));
        }
    }

    @Test
    void theReadmeQuickStartsAreTheExampleProjectsFiles() throws IOException {
        assertThat(Markdown.read(ROOT.resolve("README.md")).inclusions())
                .extracting(Markdown.Inclusion::path)
                .contains(
                        "examples/core-quickstart/pom.xml",
                        "examples/jetty-quickstart/pom.xml",
                        "examples/tomcat-quickstart/pom.xml",
                        "examples/sql-quickstart/pom.xml",
                        "examples/jaxrs-quickstart/pom.xml");
    }

    /** Every block marked {@code <!-- file: path -->}, on any page, is that file of the repository, whole. */
    @Test
    void everyIncludedFileIsTheRepositorysFile() throws IOException {
        for (Path page : pages()) {
            for (Markdown.Inclusion inclusion : Markdown.read(page).inclusions()) {
                String file = Files.readString(ROOT.resolve(inclusion.path()));
                assertThat(inclusion.block())
                        .as(
                                "%s: the block after <!-- file: %s --> must be that file, whole; copy it again",
                                ROOT.relativize(page), inclusion.path())
                        .isEqualTo(file.endsWith("\n") ? file : file + "\n");
            }
        }
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        try (Stream<Path> top = Files.list(ROOT);
                Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            Stream.concat(top, docs)
                    .filter(path -> path.toString().endsWith(".md"))
                    .sorted()
                    .forEach(pages::add);
        }
        return pages;
    }
}
