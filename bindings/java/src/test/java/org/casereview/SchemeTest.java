package org.casereview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** Checklist language 1.1 through the binding: the checklist's metadata
 *  and every result field it adds, read from the library's JSON. */
class SchemeTest {
    static Path scheme(String name, String file) {
        return Fixtures.cases("scheme", name).resolve(file);
    }

    static Map<String, Category> categories(List<Category> cs) {
        return cs.stream()
            .collect(Collectors.toMap(Category::id, Function.identity()));
    }

    @Test
    void theChecklistsMetadata() {
        try (Checklist cl = Checklist.load(scheme("mee-2024-shape",
                                                  "checklist.xml"))) {
            assertEquals("1.1", cl.language());
            assertEquals("zero", cl.vetoEffect());
            Map<String, Category> cats = categories(cl.categories());
            Category norm = cats.get("norm");
            assertEquals(Category.Scoring.EARN, norm.scoring());
            assertNull(norm.parent());
            assertNull(norm.score());
            assertEquals("norm", cats.get("D04").parent());
            assertEquals(Category.Role.PENALTY, cats.get("basic").role());
            assertEquals("penalty", cats.get("basic").role().jsonName());
            assertEquals(Category.Role.BONUS, cats.get("bonus").role());
            assertEquals(Category.Role.NONE, cats.get("legality").role());
            assertEquals(Category.Scoring.DEDUCT,
                         cats.get("legality").scoring());
            Map<String, ChecklistItem> items = cl.items().stream().collect(
                Collectors.toMap(ChecklistItem::id, Function.identity()));
            assertTrue(items.get("D04-1").zeroCategory());
            assertEquals(1.0, items.get("D04-1").points());
            assertTrue(items.get("V08").reviewer());
            assertFalse(items.get("V21").reviewer());
            assertEquals(15.0, items.get("X1").bonus());
            assertNull(items.get("X1").deductRange());
        }
        try (Checklist cl = Checklist.load(VerdictsTest.CHECKLIST)) {
            ChecklistItem r1 = cl.items().get(1);
            assertEquals("R1", r1.id());
            assertEquals(new ChecklistItem.DeductRange(1, 5), r1.deductRange());
            assertEquals(5.0, r1.deduct());
        }
        try (Checklist cl = Checklist.load(scheme("grade-cap-boundary",
                                                  "checklist.xml"))) {
            assertEquals("good", cl.items().get(0).capGrade());
            assertNull(cl.items().get(2).capGrade());
        }
        try (Checklist cl = Checklist.load(Fixtures.general())) {
            assertEquals("1.0", cl.language());
            assertEquals("lowest-grade", cl.vetoEffect());
            Category c = cl.categories().get(0);
            assertEquals(Category.Scoring.DEDUCT, c.scoring());
            assertEquals(Category.Role.NONE, c.role());
            assertTrue(c.applicable());
            ChecklistItem s1 = cl.items().get(0);
            assertNull(s1.deductRange());
            assertFalse(s1.reviewer());
            assertEquals(0.0, s1.points());
        }
    }

    /** A case with items pending: score with all passed, the range, the
     *  pending ids; earn items' points, category scores and roles. */
    @Test
    void aPendingResult() throws Exception {
        try (Checklist cl = Checklist.load(VerdictsTest.CHECKLIST)) {
            Result r = cl.scoreFile(Fixtures.pending("case-2.xml"));
            assertEquals(95.0, r.score());
            assertEquals(new ScoreRange(87.0, 95.0), r.scoreRange());
            assertEquals(List.of("R1", "R3"), r.pending());
            assertFalse(r.complete());
            assertFalse(r.hasErrors());
            assertEquals(0.0, r.bonus());
            assertTrue(r.gradeCaps().isEmpty());
            Map<String, Item> items = VerdictsTest.byId(r);
            assertEquals(ItemState.PENDING, items.get("R1").state());
            assertNull(items.get("R1").verdict());
            assertEquals(2.0, items.get("E1").points());
            assertEquals(2.0, items.get("E1").earned());
            Map<String, Category> cats = categories(r.categories());
            assertEquals(Category.Scoring.EARN, cats.get("e").scoring());
            assertEquals(40.0, cats.get("e").score());
            assertEquals(Category.Role.BONUS, cats.get("plus").role());
            assertTrue(cats.get("plus").applicable());
            assertTrue(r.toString().contains("pending [R1, R3]"),
                       r.toString());
            // read back from its JSON: the same fields
            Result back = Result.fromJson(r.json());
            assertEquals(r.scoreRange(), back.scoreRange());
            assertEquals(r.items(), back.items());
            assertEquals(r.categories(), back.categories());
            assertFalse(back.hasErrors());
        }
    }

    @Test
    void theMeeShapeGivesTheCommandLinesResults() throws Exception {
        Path checklist = scheme("mee-2024-shape", "checklist.xml");
        List<Path> cases = List.of(scheme("mee-2024-shape", "case-1.xml"),
                                   scheme("mee-2024-shape", "case-2.xml"),
                                   scheme("mee-2024-shape", "case-3.xml"));
        List<String> cli = Fixtures.cliJson(checklist, cases);
        try (Checklist cl = Checklist.load(checklist)) {
            List<Result> rs = cl.scoreMany(cases, 2).toList();
            assertEquals(cli, rs.stream().map(Result::json).toList());
            Result one = rs.get(0);
            assertEquals(92.66, one.score());
            assertEquals(new ScoreRange(0.0, 92.66), one.scoreRange());
            assertEquals(List.of("V08"), one.pending());
            assertNull(one.grade());                  // no grades
            Map<String, Category> cats = categories(one.categories());
            assertFalse(cats.get("D07").applicable());
            assertEquals("norm", cats.get("D07").parent());
            assertTrue(cats.get("D01").applicable());
            Result two = rs.get(1);
            assertEquals(0.0, two.score());          // veto="zero"
            assertTrue(two.vetoed());
            assertEquals(15.0, two.bonus());         // reported all the same
            // a failed bonus item is no deduction
            assertTrue(two.deductions().stream()
                .noneMatch(it -> it.bonus() != null));
        }
    }

    @Test
    void gradeCapsAndNotApplicableCategories() throws Exception {
        try (Checklist cl = Checklist.load(scheme("grade-cap-boundary",
                                                  "checklist.xml"))) {
            Result r = cl.scoreFile(scheme("grade-cap-boundary",
                                           "case-3.xml"));
            assertEquals(List.of("C1", "C2"), r.gradeCaps());
            assertEquals("pass", r.grade());
        }
        try (Checklist cl = Checklist.load(scheme("deduct-all-not-applicable",
                                                  "checklist.xml"))) {
            Result r = cl.scoreFile(scheme("deduct-all-not-applicable",
                                           "case-1.xml"));
            Category ek = categories(r.categories()).get("ek");
            assertFalse(ek.applicable());
            assertEquals("earn", ek.parent());
            assertEquals(10.0, ek.score());
        }
    }

    /** veto="unscored": no score, and a range bound without one. */
    @Test
    void unscoredCases() throws Exception {
        try (Checklist cl = Checklist.load(scheme("veto-unscored-grades",
                                                  "checklist.xml"))) {
            Result r = cl.scoreFile(scheme("veto-unscored-grades",
                                           "case-1.xml"));
            assertNull(r.score());
            assertTrue(r.vetoed());
            assertEquals("fail", r.grade());
            assertFalse(r.isError());
            assertTrue(r.toString().contains("score null"), r.toString());
        }
        String src = "<checklist xmlns=\"urn:casereview:checklist:1\""
            + " id=\"u\" version=\"1\" title=\"u\" total=\"10\""
            + " veto=\"unscored\">\n"
            + "  <category id=\"a\" title=\"A\" points=\"10\">\n"
            + "    <item id=\"R\" title=\"r\" deduct=\"10\" veto=\"true\""
            + " decide=\"reviewer\"><check context=\"/case\">"
            + "<assert test=\"@ok\">看这里</assert></check></item>\n"
            + "  </category>\n</checklist>\n";
        try (Checklist cl = Checklist.fromString(src)) {
            Result r = cl.scoreBytes(
                "<case format=\"casefile/1\" id=\"U1\"/>".getBytes(
                    java.nio.charset.StandardCharsets.UTF_8), "u1.xml");
            assertEquals(10.0, r.score());
            assertEquals(new ScoreRange(null, 10.0), r.scoreRange());
            Finding hint = r.items().get(0).findings().get(0);
            assertEquals(new Finding("看这里", "/case", 1, true), hint);
        }
    }
}
