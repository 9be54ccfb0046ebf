package dev.apikey.example.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One Markdown file as GitHub renders it: its headings' anchors, its links, its included files. Code is skipped. */
record Markdown(Path file, Set<String> anchors, List<String> links, List<Inclusion> inclusions) {

    /** A fenced block that must hold the whole of {@code path} (relative to the repository), as it is. */
    record Inclusion(String path, String block) {}

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern INCLUDE = Pattern.compile("<!-- file: (\\S+) -->");

    static Markdown read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        List<String> links = new ArrayList<>();
        List<Inclusion> inclusions = new ArrayList<>();
        String pendingInclusion = null;
        StringBuilder block = null;
        for (String line : lines) {
            if (line.startsWith("```")) {
                if (block == null) {
                    block = new StringBuilder();
                } else {
                    if (pendingInclusion != null) {
                        inclusions.add(new Inclusion(pendingInclusion, block.toString()));
                        pendingInclusion = null;
                    }
                    block = null;
                }
                continue;
            }
            if (block != null) {
                block.append(line).append('\n');
                continue;
            }
            Matcher include = INCLUDE.matcher(line);
            if (include.matches()) {
                pendingInclusion = include.group(1);
                continue;
            }
            if (line.startsWith("#")) {
                String slug = slug(line.replaceFirst("^#+\\s*", ""));
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
            Matcher link = LINK.matcher(line.replaceAll("`[^`]*`", ""));
            while (link.find()) {
                links.add(link.group(1));
            }
        }
        return new Markdown(file, anchors, links, inclusions);
    }

    /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
    static String slug(String heading) {
        return heading.strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
    }
}
