package org.casereview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** Native handles are freed deterministically by close(), and by the
 *  Cleaner for objects never closed; Lib.LIVE counts them. */
@Isolated
class LifetimeTest {
    /** Closing the checklist while 8 threads score with it: calls in
     *  progress finish with correct results, later ones are refused, and
     *  every native handle is freed once the threads are done. */
    @Test
    void closingUnderUse() throws Exception {
        Path clean = Fixtures.example("clean-general.xml");
        String expected = Fixtures.cliJson(Fixtures.general(),
                                           List.of(clean)).get(0);
        int before = Lib.LIVE.get();
        Checklist cl = Checklist.load(Fixtures.general());
        int[] counts = closeUnderUse(cl::close, () -> cl.scoreFile(clean),
                                     expected);
        assertEquals(8, counts[1]);
        assertEquals(before, Lib.LIVE.get());
    }

    /** Closing the verdicts while 8 threads score with them: calls in
     *  progress finish with the verdicts' results, later ones are
     *  refused, the checklist goes on serving calls without them, and
     *  the pool's evaluators keep no verdicts alive. */
    @Test
    void closingVerdictsUnderUse() throws Exception {
        Path one = Fixtures.pending("case-1.xml");
        String expected = Fixtures.cliJson(VerdictsTest.CHECKLIST,
            List.of(one), "--verdicts",
            VerdictsTest.VERDICTS.toString()).get(0);
        int before = Lib.LIVE.get();
        try (Checklist cl = Checklist.load(VerdictsTest.CHECKLIST)) {
            Verdicts v = cl.loadVerdicts(VerdictsTest.VERDICTS);
            int[] counts = closeUnderUse(v::close,
                () -> cl.scoreFile(one, v), expected);
            assertEquals(8, counts[1]);
            assertTrue(cl.scoreFile(one).pending().size() > 0);
            Evaluator ev = cl.borrow(null);
            try {
                assertNull(ev.verdicts());
            } finally {
                cl.giveBack(ev);
            }
        }
        assertEquals(before, Lib.LIVE.get());
    }

    /** Closing a checklist that maps its cases while 8 threads score
     *  exports with it: the same as without a mapping. */
    @Test
    void closingAChecklistWithAMappingUnderUse() throws Exception {
        Path export = TransformTest.EXPORT;
        String expected = Fixtures.cliJson(Fixtures.general(),
            List.of(export), "--transform",
            TransformTest.MAPPING.toString()).get(0);
        int before = Lib.LIVE.get();
        Checklist cl;
        try (Transform tf = Transform.load(TransformTest.MAPPING)) {
            cl = Checklist.load(Fixtures.general(),
                                new LoadOptions().transform(tf));
        }
        int[] counts = closeUnderUse(cl::close, () -> cl.scoreFile(export),
                                     expected);
        assertEquals(8, counts[1]);
        assertEquals(before, Lib.LIVE.get());
    }

    /** Runs SCORE in 8 threads until it is refused, calls CLOSE once all
     *  are running; every result must be EXPECTED. {scored, refused}. */
    static int[] closeUnderUse(Runnable close,
                               java.util.function.Supplier<Result> score,
                               String expected) throws Exception {
        CountDownLatch running = new CountDownLatch(8);
        AtomicInteger scored = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Throwable> wrong = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread th = new Thread(() -> {
                boolean first = true;
                for (;;) {
                    try {
                        Result r = score.get();
                        if (!expected.equals(r.json())) {
                            wrong.add(new AssertionError(r.json()));
                        }
                        scored.incrementAndGet();
                    } catch (IllegalStateException e) {
                        refused.incrementAndGet();
                        return;
                    } catch (Throwable e) {
                        wrong.add(e);
                        return;
                    } finally {
                        if (first) {
                            running.countDown();
                            first = false;
                        }
                    }
                }
            });
            threads.add(th);
            th.start();
        }
        running.await();
        close.run();
        for (Thread th : threads) {
            th.join();
        }
        assertTrue(wrong.isEmpty(), wrong.toString());
        assertTrue(scored.get() >= 8);
        return new int[] {scored.get(), refused.get()};
    }

    /** close() on an evaluator in use waits for the call to return. */
    @Test
    void closingAnEvaluatorWaitsForItsCall() throws Exception {
        byte[] big = ThreadsTest.bigCase();
        int before = Lib.LIVE.get();
        try (Checklist cl = Checklist.load(Fixtures.general())) {
            Evaluator ev = cl.evaluator();
            AtomicReference<Result> got = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(1);
            Thread th = new Thread(() -> {
                started.countDown();
                try {
                    got.set(ev.scoreBytes(big, "big.xml"));
                } catch (IllegalStateException e) {
                    // closed before the call began: refused, as it must be
                }
            });
            th.start();
            started.await();
            ev.close();
            th.join();
            assertTrue(ev.isClosed());
            // either the call ran before the close, or it was refused
            if (got.get() != null) {
                assertFalse(got.get().isError());
            }
        }
        assertEquals(before, Lib.LIVE.get());
    }

    /** An evaluator keeps the compiled checklist alive after the
     *  Checklist is closed. */
    @Test
    void anEvaluatorOutlivesItsChecklist() throws Exception {
        int before = Lib.LIVE.get();
        Checklist cl = Checklist.load(Fixtures.general());
        Evaluator ev = cl.evaluator();
        cl.close();
        assertEquals(before + 1, Lib.LIVE.get());
        Result r = ev.scoreFile(Fixtures.example("clean-general.xml"));
        assertEquals(100.0, r.score());
        ev.close();
        assertEquals(before, Lib.LIVE.get());
    }

    /** A scoreMany closed after one result stops its threads and gives
     *  its evaluators back. */
    @Test
    void scoreManyClosedEarly() throws Exception {
        int before = Lib.LIVE.get();
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            paths.add(Fixtures.example("clean-general.xml"));
        }
        try (Checklist cl = Checklist.load(Fixtures.general())) {
            try (ScoreMany it = cl.scoreMany(paths, 4)) {
                assertEquals(100.0, it.next().score());
            }
        }
        assertEquals(before, Lib.LIVE.get());
    }

    /** Checklists and evaluators never closed are freed by the Cleaner
     *  once unreachable. */
    @Test
    void theCleanerFreesWhatWasNotClosed() throws Exception {
        int before = Lib.LIVE.get();
        leak();
        assertEquals(before + 2, Lib.LIVE.get());
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (Lib.LIVE.get() > before && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(before, Lib.LIVE.get());
    }

    private static void leak() {
        Checklist cl = Checklist.load(Fixtures.simplified());
        Evaluator ev = cl.evaluator();
        ev.scoreFile(Fixtures.example("clean-simplified.xml"));
    }

    /** The same for verdicts, mappings and a checklist holding one. */
    @Test
    void theCleanerFreesVerdictsAndMappings() throws Exception {
        int before = Lib.LIVE.get();
        leakVerdictsAndMapping();
        // checklist, its mapping reference, evaluator, verdicts, mapping
        assertEquals(before + 5, Lib.LIVE.get());
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (Lib.LIVE.get() > before && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(before, Lib.LIVE.get());
    }

    private static void leakVerdictsAndMapping() {
        Transform tf = Transform.load(TransformTest.MAPPING);
        Checklist cl = Checklist.load(VerdictsTest.CHECKLIST,
                                      new LoadOptions().transform(tf));
        Verdicts v = cl.loadVerdicts(VerdictsTest.VERDICTS);
        Evaluator ev = cl.evaluator(false, v);
        ev.setTransform(null);
        ev.scoreFile(Fixtures.pending("case-1.xml"));
    }
}
