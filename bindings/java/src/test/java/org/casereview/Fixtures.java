package org.casereview;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Paths of the source tree and the command line the tests compare with
 *  ($CR_SOURCE_DIR, $CASEREVIEW_BIN, set by bindings/java/meson.build). */
final class Fixtures {
    private Fixtures() {
    }

    static Path source() {
        String s = System.getenv("CR_SOURCE_DIR");
        return Path.of(s != null ? s : ".").toAbsolutePath();
    }

    static Path general() {
        return source().resolve("rules/penalty-general.xml");
    }

    static Path simplified() {
        return source().resolve("rules/penalty-simplified.xml");
    }

    static Path example(String name) {
        return source().resolve("examples/cases/" + name);
    }

    /** A data-driven test's folder, tests/cases/AREA/NAME. */
    static Path cases(String area, String name) {
        return source().resolve("tests/cases").resolve(area).resolve(name);
    }

    /** The checklist, verdicts and cases of reviewer items and verdicts. */
    static Path pending(String file) {
        return cases("verdicts", "pending-with-verdicts").resolve(file);
    }

    static List<Path> pendingCases() {
        return List.of(pending("case-1.xml"), pending("case-2.xml"),
                       pending("case-3.xml"));
    }

    static Path mapping(String file) {
        return source().resolve("examples/mapping").resolve(file);
    }

    /** Every example case of the general procedure, sorted. */
    static List<Path> generalCases() throws IOException {
        try (Stream<Path> s = Files.list(source().resolve("examples/cases"))) {
            // the general procedure's penalty files: not the simplified
            // ones, nor the other kinds' (their own checklists)
            return s.filter(p -> !p.getFileName().toString().matches(
                                   ".*(simplified|inspection|coercive|licensing).*"))
                .sorted().collect(Collectors.toList());
        }
    }

    /** Runs casereview with ARGS; returns its standard output lines. */
    static List<String> cli(String... args) throws IOException,
                                                   InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getenv("CASEREVIEW_BIN"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int rc = p.waitFor();
        if (rc > 2) {   // 0, 1, 2 are answers (lint of a broken file: 2)
            throw new IOException("casereview " + args[0] + " exited " + rc);
        }
        return out.lines().collect(Collectors.toList());
    }

    /** The command line's JSON line for each case, in order. */
    static List<String> cliJson(Path checklist, List<Path> cases,
                                String... extra)
        throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("score", "-c",
            checklist.toString(), "--format", "json"));
        args.addAll(List.of(extra));
        args.add("--");
        for (Path c : cases) {
            args.add(c.toString());
        }
        return cli(args.toArray(new String[0]));
    }
}
