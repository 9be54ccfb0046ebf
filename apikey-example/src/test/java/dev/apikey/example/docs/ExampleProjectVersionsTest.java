package dev.apikey.example.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The quick-start projects under {@code examples/} are standalone (a user copies them whole), so they spell out
 * every version; each must be the one the parent POM pins and the rest of the build tests.
 */
final class ExampleProjectVersionsTest {

    /** Which parent property pins each third-party artifact the examples use. */
    private static final Map<String, String> PINNED_BY = Map.of(
            "org.eclipse.jetty.ee10:jetty-ee10-servlet", "jetty.version",
            "org.apache.tomcat.embed:tomcat-embed-core", "tomcat.version",
            "org.slf4j:slf4j-simple", "slf4j.version",
            "org.junit.jupiter:junit-jupiter", "junit.version",
            "org.xerial:sqlite-jdbc", "sqlite-jdbc.version",
            "org.postgresql:postgresql", "postgresql.version",
            "org.glassfish.jersey.containers:jersey-container-servlet", "jersey.version",
            "org.glassfish.jersey.inject:jersey-hk2", "jersey.version");

    @Test
    void everyVersionInTheExampleProjectsIsTheOneTheParentPins() throws Exception {
        Element parent = parse(DocumentationTest.ROOT.resolve("pom.xml"));
        String projectVersion = child(parent, "version");
        Map<String, String> properties = new HashMap<>();
        NodeList propertyNodes =
                ((Element) parent.getElementsByTagName("properties").item(0)).getChildNodes();
        for (int i = 0; i < propertyNodes.getLength(); i++) {
            if (propertyNodes.item(i) instanceof Element property) {
                properties.put(property.getTagName(), property.getTextContent().strip());
            }
        }
        Map<String, String> pluginVersions = new HashMap<>();
        NodeList plugins = parent.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if (child(plugin, "version") != null) {
                pluginVersions.put(child(plugin, "artifactId"), child(plugin, "version"));
            }
        }

        List<String> mismatches = new ArrayList<>();
        List<Path> projects;
        try (Stream<Path> examples = Files.list(DocumentationTest.ROOT.resolve("examples"))) {
            projects = examples.filter(dir -> Files.exists(dir.resolve("pom.xml")))
                    .sorted()
                    .toList();
        }
        assertThat(projects).isNotEmpty();
        for (Path project : projects) {
            Element pom = parse(project.resolve("pom.xml"));
            // A Spring Boot example inherits Spring Boot's parent, at the version the library is built against; it
            // manages the versions the example leaves out.
            boolean bootManaged = false;
            NodeList parents = pom.getElementsByTagName("parent");
            if (parents.getLength() > 0) {
                Element bootParent = (Element) parents.item(0);
                bootManaged = "spring-boot-starter-parent".equals(child(bootParent, "artifactId"));
                if (!bootManaged || !properties.get("spring-boot.version").equals(child(bootParent, "version"))) {
                    mismatches.add(project.getFileName() + ": parent " + child(bootParent, "artifactId") + " "
                            + child(bootParent, "version") + ", the parent POM builds against Spring Boot "
                            + properties.get("spring-boot.version"));
                }
            }
            NodeList dependencies = pom.getElementsByTagName("dependency");
            for (int i = 0; i < dependencies.getLength(); i++) {
                Element dependency = (Element) dependencies.item(i);
                String coordinates = child(dependency, "groupId") + ":" + child(dependency, "artifactId");
                if (bootManaged && !coordinates.startsWith("dev.apikey:") && child(dependency, "version") == null) {
                    continue;
                }
                String expected = coordinates.startsWith("dev.apikey:")
                        ? projectVersion
                        : PINNED_BY.containsKey(coordinates) ? properties.get(PINNED_BY.get(coordinates)) : null;
                if (expected == null) {
                    mismatches.add(project.getFileName() + ": " + coordinates + " is not pinned in the parent POM"
                            + " (pin it there and add it to PINNED_BY)");
                } else if (!expected.equals(child(dependency, "version"))) {
                    mismatches.add(project.getFileName() + ": " + coordinates + " " + child(dependency, "version")
                            + ", the parent pins " + expected);
                }
            }
            NodeList projectPlugins = pom.getElementsByTagName("plugin");
            for (int i = 0; i < projectPlugins.getLength(); i++) {
                Element plugin = (Element) projectPlugins.item(i);
                if (bootManaged && child(plugin, "version") == null) {
                    continue;
                }
                String expected = pluginVersions.get(child(plugin, "artifactId"));
                if (!child(plugin, "version").equals(expected)) {
                    mismatches.add(project.getFileName() + ": plugin " + child(plugin, "artifactId") + " "
                            + child(plugin, "version") + ", the parent pins " + expected);
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    private static Element parse(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
    }

    /** The text of {@code element}'s direct child {@code name}, or null. */
    private static String child(Element element, String name) {
        NodeList children = element.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element child && child.getTagName().equals(name)) {
                return child.getTextContent().strip();
            }
        }
        return null;
    }
}
