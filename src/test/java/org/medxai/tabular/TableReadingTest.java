package org.medxai.tabular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.medxai.MedXaiException;

class TableReadingTest {

	@Test
	void quotedFieldsMayHoldDelimitersQuotesAndLineBreaks() {
		final DelimitedTable t = DelimitedTable.parse("q.csv",
			"id,note,\"age, years\"\r\n1,\"says \"\"hi\"\", then, leaves\",40\n2,\"two\nlines\",41\n");
		assertEquals(List.of("id", "note", "age, years"), t.columns());
		assertArrayEquals(new String[] { "1", "says \"hi\", then, leaves", "40" }, t.rows().get(0));
		assertArrayEquals(new String[] { "2", "two\nlines", "41" }, t.rows().get(1));
	}

	@Test
	void tabsAndSemicolonsAreRecognisedFromTheHeader() {
		assertEquals(List.of("a", "b"), DelimitedTable.parse("t.tsv", "a\tb\n1\t2\n").columns());
		assertEquals(List.of("a", "b", "c,d"), DelimitedTable.parse("s.csv", "a;b;c,d\n1;2;3\n").columns());
	}

	@Test
	void missingValuesFollowTheStatedRule() {
		final TabularDataset d = TabularDataset.of(
			DelimitedTable.parse("m.csv", "age,sex,y\n10,m,1.5\n?,f,2.5\n30,,3.5\nNA,m,?\n50,f,4.5\n"), "y", List.of(),
			null, null);
		assertEquals(Task.REGRESSION, d.task());
		assertEquals(4, d.rows(), "the row whose target is missing is left out");
		assertEquals(1, d.rowsWithoutTarget());
		assertEquals(30, d.x()[1][0], 0, "missing numeric: median of 10, 30, 50");
		assertEquals(List.of("f", "m", TabularDataset.MISSING_LEVEL), d.levels().get(1));
		assertEquals("(missing)", d.display(1, d.x()[2][1]));
		assertEquals(2, d.missingFeatureCells());
		assertArrayEquals(new int[] { 1, 2, 3, 5 }, d.tableRows());
	}

	@Test
	void categoricalAndSmallIntegerTargetsAreClassification() {
		final TabularDataset text = TabularDataset
			.of(DelimitedTable.parse("c.csv", "x,outcome\n1,good\n2,bad\n3,good\n"), "outcome", List.of(), null, null);
		assertEquals(Task.CLASSIFICATION, text.task());
		assertEquals(List.of("bad", "good"), text.classes());
		final TabularDataset coded = TabularDataset.of(DelimitedTable.parse("n.csv", "x,num\n1,0\n2,2\n3,10\n4,2.0\n"),
			"num", List.of(), null, null);
		assertEquals(List.of("0", "2", "10"), coded.classes(), "numeric classes sort numerically");
		assertEquals(1, coded.y()[3], 0, "2.0 is class 2");
		final TabularDataset forced = TabularDataset.of(DelimitedTable.parse("n.csv", "x,num\n1,0\n2,2\n3,10\n"), "num",
			List.of(), null, Task.REGRESSION);
		assertEquals(Task.REGRESSION, forced.task());
	}

	@Test
	void badTablesGetOneClearMessage() {
		assertMessage("has 2 fields on data row 2 but 3 column names",
			() -> DelimitedTable.parse("r.csv", "a,b,c\n1,2,3\n4,5\n"));
		assertMessage("quoted field that is never closed", () -> DelimitedTable.parse("u.csv", "a,b\n1,\"2\n"));
		assertMessage("has a header but no data rows", () -> DelimitedTable.parse("h.csv", "a,b\n"));
		assertMessage("names the column 'a' twice", () -> DelimitedTable.parse("d.csv", "a,a\n1,2\n"));
		final DelimitedTable t = DelimitedTable.parse("t.csv", "id,x,y\nA,1,0\nB,2,0\nC,3,0\n");
		assertMessage("has no column 'z'. Its columns are: id, x, y.",
			() -> TabularDataset.of(t, "z", List.of(), null, null));
		assertMessage("has a single class ('0')", () -> TabularDataset.of(t, "y", List.of(), "id", null));
		assertMessage("holds text, so it cannot be a regression target",
			() -> TabularDataset.of(t, "id", List.of(), null, Task.REGRESSION));
		assertMessage("The ID column 'id' cannot also be a feature",
			() -> TabularDataset.of(t, "y", List.of("id"), "id", null));
	}

	static void assertMessage(final String expected, final org.junit.jupiter.api.function.Executable action) {
		final MedXaiException e = assertThrows(MedXaiException.class, action);
		assertTrue(e.getMessage().contains(expected), e.getMessage());
	}
}
