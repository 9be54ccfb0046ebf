package dev.apikey.example;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A running app's live heap after a full GC (the class histogram forces one) and its threads, read with
 * the JDK's {@code jcmd}: what the soak and fault tests compare before and after their load.
 */
record AppFootprint(long liveHeapBytes, List<String> threadNames) {

    long threads() {
        return threadNames.size();
    }

    /** How many threads have a name starting with {@code prefix}. */
    long threadsNamed(String prefix) {
        return threadNames.stream().filter(name -> name.startsWith(prefix)).count();
    }

    static AppFootprint of(long pid) throws Exception {
        String histogram = jcmd(pid, "GC.class_histogram");
        String[] total = histogram
                .strip()
                .lines()
                .reduce((first, second) -> second)
                .orElseThrow()
                .trim()
                .split("\\s+");
        if (!total[0].equals("Total")) {
            throw new AssertionError("unexpected class histogram ending: " + String.join(" ", total));
        }
        List<String> threads = jcmd(pid, "Thread.print")
                .lines()
                .filter(line -> line.startsWith("\""))
                .map(line -> line.substring(1, Math.max(1, line.indexOf('"', 1))))
                .toList();
        return new AppFootprint(Long.parseLong(total[2]), threads);
    }

    private static String jcmd(long pid, String command) throws Exception {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid), command)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new AssertionError("jcmd " + command + " failed: " + output);
        }
        return output;
    }
}
