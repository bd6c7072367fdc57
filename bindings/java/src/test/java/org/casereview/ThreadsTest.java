package org.casereview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreadsTest {
    static final int THREADS = 8;
    static final int ROUNDS = 5;

    /** 8 threads share one checklist, each scoring every example case
     *  several times: every result is the command line's, byte for byte. */
    @Test
    void eightThreadsSharingOneChecklistGiveTheCommandLinesResults()
        throws Exception {
        List<Path> cases = Fixtures.generalCases();
        List<String> expected = Fixtures.cliJson(Fixtures.general(), cases);
        try (Checklist cl = Checklist.load(Fixtures.general())) {
            hammer(cl, null, cases, expected);
        }
    }

    /** The same with one Verdicts object shared too: the command line's
     *  {@code --verdicts} results, for the standard checklist (verdicts
     *  overriding machine items) and for reviewer items of 1.1. */
    @Test
    void eightThreadsSharingChecklistAndVerdictsGiveTheCommandLinesResults(
        @TempDir Path dir) throws Exception {
        Path file = dir.resolve("verdicts.xml");
        Files.writeString(file, VerdictsTest.GENERAL_VERDICTS);
        List<Path> cases = Fixtures.generalCases();
        List<String> expected = Fixtures.cliJson(Fixtures.general(), cases,
                                                 "--verdicts", file.toString());
        assertNotEquals(Fixtures.cliJson(Fixtures.general(), cases),
                        expected);   // the verdicts change results
        try (Checklist cl = Checklist.load(Fixtures.general());
             Verdicts v = cl.loadVerdicts(file)) {
            hammer(cl, v, cases, expected);
        }
        List<Path> pending = Fixtures.pendingCases();
        List<String> decided = Fixtures.cliJson(VerdictsTest.CHECKLIST,
            pending, "--verdicts", VerdictsTest.VERDICTS.toString());
        try (Checklist cl = Checklist.load(VerdictsTest.CHECKLIST);
             Verdicts v = cl.loadVerdicts(VerdictsTest.VERDICTS)) {
            hammer(cl, v, pending, decided);
        }
    }

    /** THREADS threads score every case ROUNDS times with CL (and V, may
     *  be null), each in its own order: every JSON line is EXPECTED's. */
    static void hammer(Checklist cl, Verdicts v, List<Path> cases,
                       List<String> expected) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                final int shift = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<String> got = new ArrayList<>();
                    for (int r = 0; r < ROUNDS; r++) {
                        // each thread in its own order, so that different
                        // cases are in flight at once
                        for (int i = 0; i < cases.size(); i++) {
                            int k = (i + shift * 3) % cases.size();
                            got.add(k + "\t" + cl.scoreFile(cases.get(k), v)
                                                 .json());
                        }
                    }
                    return got;
                }));
            }
            start.countDown();
            int n = 0;
            for (Future<List<String>> f : futures) {
                for (String line : f.get()) {
                    int tab = line.indexOf('\t');
                    int k = Integer.parseInt(line.substring(0, tab));
                    assertEquals(expected.get(k), line.substring(tab + 1));
                    n++;
                }
            }
            assertEquals(THREADS * ROUNDS * cases.size(), n);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The same with an Evaluator per thread, and from bytes. */
    @Test
    void evaluatorPerThreadFromBytes() throws Exception {
        List<Path> cases = Fixtures.generalCases();
        List<String> expected = Fixtures.cliJson(Fixtures.general(), cases);
        List<byte[]> bytes = new ArrayList<>();
        for (Path p : cases) {
            bytes.add(Files.readAllBytes(p));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (Checklist cl = Checklist.load(Fixtures.general())) {
            List<Callable<Integer>> work = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                work.add(() -> {
                    try (Evaluator ev = cl.evaluator()) {
                        for (int i = 0; i < cases.size(); i++) {
                            Result r = ev.scoreBytes(bytes.get(i),
                                                     cases.get(i).toString());
                            assertEquals(expected.get(i), r.json());
                        }
                    }
                    return cases.size();
                });
            }
            for (Future<Integer> f : pool.invokeAll(work)) {
                assertEquals(cases.size(), f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** scoreMany on 8 workers: input order, the command line's lines. */
    @Test
    void scoreManyKeepsInputOrder() throws Exception {
        List<Path> cases = Fixtures.generalCases();
        List<String> expected = Fixtures.cliJson(Fixtures.general(), cases);
        List<Path> many = new ArrayList<>();
        List<String> want = new ArrayList<>();
        for (int r = 0; r < 10; r++) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                order.add(i);
            }
            Collections.shuffle(order, new java.util.Random(r));
            for (int i : order) {
                many.add(cases.get(i));
                want.add(expected.get(i));
            }
        }
        try (Checklist cl = Checklist.load(Fixtures.general())) {
            List<String> got = new ArrayList<>();
            for (Result r : cl.scoreMany(many, THREADS).toList()) {
                got.add(r.json());
            }
            assertEquals(want, got);
        }
    }

    /** scoreMany on 8 workers with verdicts: the command line's lines. */
    @Test
    void scoreManyWithVerdicts() throws Exception {
        List<Path> pending = Fixtures.pendingCases();
        List<String> decided = Fixtures.cliJson(VerdictsTest.CHECKLIST,
            pending, "--verdicts", VerdictsTest.VERDICTS.toString());
        List<Path> many = new ArrayList<>();
        List<String> want = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(pending.get(i * 7 % 3));
            want.add(decided.get(i * 7 % 3));
        }
        try (Checklist cl = Checklist.load(VerdictsTest.CHECKLIST);
             Verdicts v = cl.loadVerdicts(VerdictsTest.VERDICTS)) {
            assertEquals(want, cl.scoreMany(many, THREADS, v).toList()
                .stream().map(Result::json).toList());
        }
    }

    /** An unscorable case is an error Result in its place; a null path
     *  throws in its place, after every result before it. */
    @Test
    void scoreManyErrorsInPlace() throws Exception {
        Path clean = Fixtures.example("clean-general.xml");
        Path missing = Fixtures.source().resolve("no/such.xml");
        List<Path> paths = new ArrayList<>(List.of(clean, missing, clean));
        paths.add(null);
        paths.add(clean);
        try (Checklist cl = Checklist.load(Fixtures.general());
             ScoreMany it = cl.scoreMany(paths, 2)) {
            assertEquals(100.0, it.next().score());
            Result err = it.next();
            assertTrue(err.isError());
            assertEquals(missing.toString(), err.source());
            assertEquals(100.0, it.next().score());
            assertThrows(NullPointerException.class, it::next);
            assertEquals(100.0, it.next().score());
            assertTrue(!it.hasNext());
        }
    }

    /** One evaluator, two threads at once: the second is refused, never
     *  let into the same cr_evaluator. */
    @Test
    void anEvaluatorServesOneThreadAtATime() throws Exception {
        byte[] big = bigCase();
        try (Checklist cl = Checklist.load(Fixtures.general());
             Evaluator ev = cl.evaluator()) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger refused = new AtomicInteger();
            Runnable hammer = () -> {
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (!stop.get() && System.nanoTime() < deadline) {
                    try {
                        ev.scoreBytes(big, "big.xml");
                    } catch (IllegalStateException e) {
                        if (e.getMessage().contains("one thread")) {
                            refused.incrementAndGet();
                            stop.set(true);
                        }
                    }
                }
            };
            Thread a = new Thread(hammer);
            Thread b = new Thread(hammer);
            a.start();
            b.start();
            a.join();
            b.join();
            assertTrue(refused.get() > 0);
        }
    }

    /** The clean case with its documents repeated: long to score. */
    static byte[] bigCase() throws Exception {
        String text = Files.readString(Fixtures.example("clean-general.xml"));
        int a = text.indexOf("<documents>") + "<documents>".length();
        int b = text.indexOf("</documents>");
        String docs = text.substring(a, b);
        StringBuilder sb = new StringBuilder(text.substring(0, a));
        for (int i = 0; i < 40; i++) {
            sb.append(docs);
        }
        sb.append(text.substring(b));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
