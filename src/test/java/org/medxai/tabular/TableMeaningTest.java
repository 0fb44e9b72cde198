package org.medxai.tabular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.medxai.tabular.TableReadingTest.assertMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.medxai.CancelledException;
import org.medxai.ProgressListener;

/** A table never changes meaning silently: every reading rule below is stated in a note. */
class TableMeaningTest {

	/** Columns x (numeric), y (a measurement with decimals, 200 distinct values). */
	private static String measurements(final int rows, final String delimiter, final boolean decimalComma) {
		final Random random = new Random(8);
		final StringBuilder sb = new StringBuilder("x" + delimiter + "y\n");
		for (int i = 0; i < rows; i++) {
			final double x = random.nextDouble() * 10;
			final String line = String.format(Locale.ROOT, "%.3f%s%.3f%n", x, delimiter, 2 * x + random.nextGaussian());
			sb.append(decimalComma ? line.replace('.', ',') : line);
		}
		return sb.toString();
	}

	private static TabularDataset read(final String csv, final String target, final String id) {
		return TabularDataset.of(DelimitedTable.parse("t.csv", csv), target, List.of(), id, null);
	}

	private static List<TableNote> notes(final TabularDataset d, final TableNote.Kind kind) {
		return d.reading().notes().stream().filter(n -> n.kind() == kind).toList();
	}

	@Test
	void oneInfiniteTargetValueLeavesARegressionARegression() {
		final String csv = measurements(200, ",", false).replaceFirst("\n([^,\n]*),[^\n]*\n", "\n$1,Inf\n");
		final TabularDataset d = read(csv, "y", null);
		assertEquals(Task.REGRESSION, d.task(), "Inf used to make the target text: a 200-class classification");
		assertEquals(199, d.rows());
		assertEquals(1, d.rowsWithoutTarget());
		assertEquals(1, d.reading().infiniteCells());
		final TableNote note = notes(d, TableNote.Kind.INFINITE_VALUES).get(0);
		assertEquals("y", note.column());
		assertEquals(List.of(1), note.rows());
		assertTrue(note.message().contains("1 infinite value read as missing"), note.message());
		assertTrue(d.reading().taskRule().startsWith("auto: numbers with a fraction"), d.reading().taskRule());
	}

	@Test
	void everySpellingOfInfinityAndNaNIsMissingAndCounted() {
		final StringBuilder csv = new StringBuilder("a,y\n");
		final String[] odd = { "Inf", "-inf", "Infinity", "+INFINITY", "NaN", "1e999" };
		for (int i = 0; i < 30; i++)
			csv.append(i < odd.length ? odd[i] : String.valueOf(i)).append(',').append(i % 2).append(".5\n");
		final TabularDataset d = read(csv.toString(), "y", null);
		assertFalse(d.isCategorical(0), "the column stays numeric");
		assertEquals(6, d.missingFeatureCells());
		assertEquals(5, d.reading().infiniteCells(), "NaN is missing but not infinite");
		final TableNote note = notes(d, TableNote.Kind.INFINITE_VALUES).get(0);
		assertEquals(5, note.count());
		assertEquals(List.of(1, 2, 3, 4, 6), note.rows());
		assertEquals(17.5, d.x()[0][0], 0, "the median of 6..29");
		assertTrue(TabularDataset.isMissing(" -Infinity "));
	}

	@Test
	void semicolonTablesWithDecimalCommasAreReadAsNumbers() {
		final DelimitedTable table = DelimitedTable.parse("eu.csv", measurements(200, ";", true));
		assertEquals(';', table.delimiter());
		assertTrue(table.decimalComma());
		assertEquals(1.5, table.number("1,5"), 0);
		assertEquals("semicolon-separated, decimal comma", table.format());
		final TabularDataset d = TabularDataset.of(table, "y", List.of(), null, null);
		assertEquals(Task.REGRESSION, d.task());
		assertFalse(d.isCategorical(0));
		assertEquals(200, d.rows());
		assertEquals("semicolon-separated, decimal comma", d.reading().format());
		assertEquals(1, notes(d, TableNote.Kind.FORMAT).size());
		final DelimitedTable tabs = DelimitedTable.parse("eu.tsv", "a\tb\n1,25\t2\n");
		assertEquals(1.25, tabs.number(tabs.rows().get(0)[0]), 0);
		final DelimitedTable points = DelimitedTable.parse("p.csv", "a;b\n1.25;2\n");
		assertFalse(points.decimalComma());
		assertEquals(1.25, points.number("1.25"), 0);
		assertTrue(Double.isNaN(points.number("1,25")), "a comma is no decimal mark here");
	}

	@Test
	void ambiguousDelimitersAndDecimalMarksAreRefusedWithTheReason() {
		assertMessage(
			"both with decimal commas ('1,5' in column 'a', row 1) and with decimal points ('2.5' in column " +
				"'b', row 2)",
			() -> DelimitedTable.parse("m.csv", "a;b\n1,5;2\n3;2.5\n"));
		assertMessage("reads consistently as semicolon-separated (2 columns) or comma-separated (2 columns)",
			() -> DelimitedTable.parse("d.csv", "a;b,c\n1;2,3\n4;5,6\n"));
		// a header with both, but only one reading fits every line
		assertEquals(List.of("age", "weight, kg", "y"),
			DelimitedTable.parse("w.csv", "age;weight, kg;y\n40;70,5;1\n50;80;0\n").columns());
	}

	@Test
	void plainNumbersOnly() {
		final DelimitedTable t = DelimitedTable.parse("n.csv", "a\n1\n");
		for (final String notANumber : List.of("1f", "0x10", "1d", "Infinity", "1e", "+", "1,5", "1.2.3", "--1"))
			assertTrue(Double.isNaN(t.number(notANumber)), notANumber);
		assertEquals(-1500, t.number("-1.5e3"), 0);
		assertEquals(0.5, t.number(".5"), 0);
		assertEquals(2, t.number("+2."), 0);
	}

	@Test
	void theTaskIsClassificationOnlyForTextOrFewWholeNumbersAndSaysWhy() {
		final StringBuilder few = new StringBuilder("x,grade\n");
		final StringBuilder many = new StringBuilder("x,count\n");
		for (int i = 0; i < 40; i++) {
			few.append(i).append(',').append(i % 3).append('\n');
			many.append(i).append(',').append(i % 11).append('\n');
		}
		final TabularDataset grades = read(few.toString(), "grade", null);
		assertEquals(Task.CLASSIFICATION, grades.task());
		assertEquals("auto: 3 distinct whole numbers (at most 10)", grades.reading().taskRule());
		assertTrue(notes(grades, TableNote.Kind.TASK).get(0).message().startsWith(
			"Task: classification (3 classes) of " + "'grade'"), notes(grades, TableNote.Kind.TASK).toString());
		final TabularDataset counts = read(many.toString(), "count", null);
		assertEquals(Task.REGRESSION, counts.task());
		assertTrue(counts.reading().taskRule().startsWith("auto: 11 distinct whole numbers"),
			counts.reading().taskRule());
		final TabularDataset chosen = TabularDataset.of(DelimitedTable.parse("c.csv", many.toString()), "count",
			List.of(), null, Task.CLASSIFICATION);
		assertEquals("chosen", chosen.reading().taskRule());
		assertEquals(1, notes(chosen, TableNote.Kind.MANY_CLASSES).size(), "11 classes: a warning");
	}

	@Test
	void aFewTextCellsInANumericColumnAreMissingAndReported() {
		final StringBuilder csv = new StringBuilder("dose,y\n");
		for (int i = 0; i < 40; i++)
			csv.append(i == 4 ? "n/k" : i == 9 ? "12mg" : String.valueOf(i)).append(',').append(i % 2).append('\n');
		final TabularDataset d = read(csv.toString(), "y", null);
		assertFalse(d.isCategorical(0), "two stray cells of 40 (5 %) leave the column numeric");
		assertEquals(2, d.missingFeatureCells(), "both stray cells are read as missing and counted");
		final TableNote note = notes(d, TableNote.Kind.NOT_NUMBERS).get(0);
		assertEquals("dose", note.column());
		assertEquals(2, note.count());
		assertEquals(List.of(5, 10), note.rows());
		assertTrue(note.message().contains("'n/k' on row 5, '12mg' on row 10"), note.message());
		assertEquals(2, d.reading().strayCells());
	}

	@Test
	void strayCellsCountAsMissingFeatureCells() {
		final StringBuilder csv = new StringBuilder("dose,y\n");
		for (int i = 0; i < 40; i++)
			csv.append(i == 9 ? "12mg" : i == 3 ? "" : String.valueOf(i)).append(',').append(i % 2).append('\n');
		final TabularDataset d = read(csv.toString(), "y", null);
		assertEquals(2, d.missingFeatureCells(), "one empty cell and one stray text cell");
		assertEquals(d.x()[3][0], d.x()[9][0], 0, "both take the median");
		final StringBuilder mixed = new StringBuilder("stage,y\n");
		for (int i = 0; i < 40; i++)
			mixed.append(i % 8 == 0 ? "X" : String.valueOf(i % 4)).append(',').append(i % 2).append('\n');
		assertTrue(read(mixed.toString(), "y", null).isCategorical(0), "5 of 40 text cells (12 %): categorical");
	}

	@Test
	void aStrayTextCellInANumericTargetLeavesItsRowOut() {
		final String csv = measurements(100, ",", false).replaceFirst("\n([^,\n]*),[^\n]*\n([^,\n]*),[^\n]*\n",
			"\n$1,pending\n$2,Infinity\n");
		final TabularDataset d = read(csv, "y", null);
		assertEquals(Task.REGRESSION, d.task());
		assertEquals(98, d.rows());
		assertEquals(2, d.rowsWithoutTarget());
		assertEquals(List.of(1), notes(d, TableNote.Kind.NOT_NUMBERS).get(0).rows());
		assertEquals(List.of(2), notes(d, TableNote.Kind.INFINITE_VALUES).get(0).rows());
	}

	@Test
	void aTextColumnUniquePerRowIsAnIdNotAFeature() {
		final StringBuilder csv = new StringBuilder("note,age,y\n");
		for (int i = 0; i < 30; i++)
			csv.append("visit ").append(i).append(" ok,").append(20 + i).append(',').append(i % 2).append('\n');
		final TabularDataset d = read(csv.toString(), "y", null);
		assertEquals(List.of("age"), d.featureNames());
		assertEquals(List.of("note"), d.reading().idLikeColumns());
		final TableNote note = notes(d, TableNote.Kind.ID_LIKE_COLUMN).get(0);
		assertTrue(note.message().contains("treated as an ID, not a feature"), note.message());
		final TabularDataset chosen = TabularDataset.of(DelimitedTable.parse("t.csv", csv.toString()), "y",
			List.of("note", "age"), null, null);
		assertEquals(List.of("note", "age"), chosen.featureNames(), "chosen by name: kept, with a warning");
		assertEquals(1, notes(chosen, TableNote.Kind.ID_LIKE_COLUMN).size());
		final String few = csv.toString().lines().limit(11).reduce("", (a, b) -> a + b + "\n");
		assertEquals(List.of("note", "age"), read(few, "y", null).featureNames(), "10 rows: too few to tell");
		final StringBuilder only = new StringBuilder("note,y\n");
		for (int i = 0; i < 30; i++) only.append("n").append(i).append(',').append(i % 2).append('\n');
		assertMessage("has no feature columns left: note name rows", () -> read(only.toString(), "y", null));
	}

	@Test
	void duplicateAndMissingIdsAreReported() {
		final StringBuilder csv = new StringBuilder("id,x,y\n");
		for (int i = 0; i < 12; i++)
			csv.append(i == 5 ? "P1" : i == 7 ? "P3" : i == 8 ? "" : "P" + i).append(',').append(i).append(',')
				.append(i % 2).append('\n');
		final TabularDataset d = read(csv.toString(), "y", "id");
		assertEquals(2, d.reading().duplicateIds());
		final TableNote duplicates = notes(d, TableNote.Kind.DUPLICATE_IDS).get(0);
		assertEquals(2, duplicates.count());
		assertTrue(duplicates.message().contains("'P1' on rows 2, 6; 'P3' on rows 4, 8"), duplicates.message());
		final TableNote missing = notes(d, TableNote.Kind.MISSING_IDS).get(0);
		assertEquals(List.of(9), missing.rows());
		assertTrue(
			read(csv.toString().replace("P1,5", "P5,5").replace("P3,7", "P7,7").replace("\n,8", "\nP8,8"), "y", "id")
				.reading().notes().stream().noneMatch(n -> n.kind().warning));
	}

	@Test
	void theJoinReportsDuplicateIdsAndWritesDecimalPoints() {
		final DelimitedTable clinical = DelimitedTable.parse("c.csv", "id;bmi\nA;21,5\nB;30\nA;22,5\n");
		final DelimitedTable images = DelimitedTable.parse("s.csv", "file,status,p\nA.png,ok,0.7\nB.png,ok,0.1\n");
		final ImageFeatureJoin.Report report = ImageFeatureJoin.join(clinical, "id", images,
			new ImageLinkPattern("{id}.*"));
		assertEquals(List.of("A"), report.duplicateIds());
		assertEquals("21.5", report.joined().rows().get(0)[1]);
		assertEquals("0.7", report.joined().rows().get(2)[2], "both A rows took A's image");
		assertArrayEquals(new String[] { "A", "21,5" }, clinical.rows().get(0), "the input table is not changed");
	}

	@Test
	void aPatientsVideosJoinAsMeanMaximumAndCount() {
		final DelimitedTable clinical = DelimitedTable.parse("c.csv", "patient_id,age\n1,50\n12,60\n3,70\n");
		final DelimitedTable videos = DelimitedTable.parse("predictions.csv",
			"file,label,p_no,p_yes\npatient_1_L1.mp4,yes,0.2,0.8\npatient_1_R2.mp4,no,0.6,0.4\n" +
				"patient_1_R3.mp4,yes,0.1,0.9\npatient_12_L1.mp4,no,0.7,0.3\n");
		final ImageLinkPattern pattern = new ImageLinkPattern("patient_{id}_*");
		final ImageFeatureJoin.Report both = ImageFeatureJoin.join(clinical, "patient_id", videos, pattern,
			ImageFeatureJoin.Several.of("mean_and_max"));
		assertEquals(List.of("image_label", "image_p_no_mean", "image_p_no_max", "image_p_yes_mean", "image_p_yes_max",
			"image_count"), both.addedColumns());
		final String[] one = both.joined().rows().get(0);
		assertEquals("yes", one[2], "the most frequent label");
		assertEquals(0.7, Double.parseDouble(one[5]), 1e-12, "mean of 0.8, 0.4, 0.9");
		assertEquals(0.9, Double.parseDouble(one[6]), 1e-12);
		assertEquals("3", one[7], "patient_12's video is not patient_1's");
		assertArrayEquals(new String[] { "12", "60", "no", "0.7", "0.7", "0.3", "0.3", "1" },
			both.joined().rows().get(1));
		assertArrayEquals(new String[] { "3", "70", "", "", "", "", "", "0" }, both.joined().rows().get(2),
			"no video: missing values, none counted");
		assertEquals(1, both.ambiguous());
		assertEquals(List.of("3"), both.unmatchedIds());
		final ImageFeatureJoin.Report max = ImageFeatureJoin.join(clinical, "patient_id", videos, pattern,
			ImageFeatureJoin.Several.MAX);
		assertEquals(List.of("image_label", "image_p_no", "image_p_yes", "image_count"), max.addedColumns());
		assertEquals(0.9, Double.parseDouble(max.joined().rows().get(0)[4]), 1e-12);
		final ImageFeatureJoin.Report first = ImageFeatureJoin.join(clinical, "patient_id", videos, pattern);
		assertArrayEquals(new String[] { "1", "50", "yes", "0.2", "0.8" }, first.joined().rows().get(0),
			"first: the first file by name, no count");
		assertMessage("Several matches 'average' is not one of first, mean, max, mean_and_max.",
			() -> ImageFeatureJoin.Several.of("average"));
	}

	@Test
	void largeTablesAreExplainedOnASeededSampleStatedInTheNotes() {
		final TabularDataset data = SyntheticTables.dataset(300, "value", 4);
		final ShapAnalysis.Settings settings = new ShapAnalysis.Settings(ModelKind.RANDOM_FOREST, 20, 2, 9,
			new ShapExplainer.Settings(40, 2048, 9, false, 50));
		final ShapAnalysis.Outcome outcome = ShapAnalysis.run(data, settings, ProgressListener.NONE);
		assertEquals(50, outcome.shap().rows());
		assertEquals(300, outcome.data().rows());
		final int[] rows = outcome.shap().data().tableRows();
		for (int i = 1; i < rows.length; i++) assertTrue(rows[i] > rows[i - 1], "table order");
		assertTrue(outcome.shap().additivityError() <= 1e-9);
		final TableNote sampled = outcome.notes().stream().filter(n -> n.kind() == TableNote.Kind.SAMPLED_ROWS)
			.findFirst().orElseThrow();
		assertTrue(sampled.message().startsWith("SHAP values for a seeded sample of 50 of the 300 rows"),
			sampled.message());
		assertEquals("50", ShapAnalysis.metrics(outcome).get("shap_rows"));
		assertEquals("300", ShapAnalysis.metrics(outcome).get("rows"));
		assertArrayEquals(rows, ShapExplainer.sample(data, 50, 9).tableRows(), "seeded");
		final ShapResult all = ShapExplainer.explain(outcome.model(), data,
			new ShapExplainer.Settings(40, 2048, 9, false, 0), ProgressListener.NONE);
		assertEquals(300, all.rows(), "0: every row");
	}

	@Test
	void fittingReportsEveryTreeAndStopsWhenCancelled() {
		final TabularDataset data = SyntheticTables.dataset(200, "binary", 5);
		for (final ModelKind kind : List.of(ModelKind.RANDOM_FOREST, ModelKind.GRADIENT_BOOSTING)) {
			final List<String> messages = new ArrayList<>();
			new TabularLearner(kind, 30, 1).fit(data, new ProgressListener() {

				@Override
				public synchronized void progress(final int done, final int total, final String status) {
					messages.add(status);
				}

				@Override
				public boolean isCancelled() {
					return false;
				}
			});
			assertEquals(30, messages.size(), kind + ": " + messages);
			assertTrue(messages.contains("tree 30 of 30"), kind + ": " + messages);
			final AtomicInteger calls = new AtomicInteger();
			final CancelledException e = assertThrows(CancelledException.class,
				() -> new TabularLearner(kind, 200, 1).fit(data, new ProgressListener() {

					@Override
					public void progress(final int done, final int total, final String status) {}

					@Override
					public boolean isCancelled() {
						return calls.incrementAndGet() > 5;
					}
				}), kind.key);
			assertEquals("Fitting cancelled.", e.getMessage());
			assertTrue(calls.get() < 60, kind + ": stopped soon after the cancel, not after 200 trees (" + calls + ")");
		}
	}

	@Test
	void theWholeAnalysisReportsFoldsAndTreesAndCanBeCancelledInAFold() {
		final TabularDataset data = SyntheticTables.dataset(150, "value", 6);
		final List<String> messages = new ArrayList<>();
		final AtomicInteger calls = new AtomicInteger();
		final ShapAnalysis.Settings settings = new ShapAnalysis.Settings(ModelKind.RANDOM_FOREST, 40, 3, 2,
			ShapExplainer.Settings.defaults());
		assertThrows(CancelledException.class, () -> ShapAnalysis.run(data, settings, new ProgressListener() {

			@Override
			public synchronized void progress(final int done, final int total, final String status) {
				messages.add(done + "/" + total + " " + status);
			}

			@Override
			public boolean isCancelled() {
				return calls.incrementAndGet() > 60;
			}
		}));
		assertTrue(
			messages.stream().anyMatch(m -> m.matches("\\d+/120 Cross-validation: fold 2 of 3, tree \\d+ of 40")),
			String.join("\n", messages));
		assertNull(messages.stream().filter(m -> m.contains("SHAP")).findFirst().orElse(null), "stopped before SHAP");
	}
}
