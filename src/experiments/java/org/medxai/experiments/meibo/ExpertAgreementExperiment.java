package org.medxai.experiments.meibo;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;

import org.medxai.meibo.MeibographySet;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * How often MGD-1K's experts agree with the data set's meiboscore and with themselves.
 *
 * Reads the repeated grading sheet (two observers, three rounds each, and the ground-truth column) and prints each
 * round's accuracy against the ground truth on all lids, on the lids in the folder and on the held-out lids, and the
 * agreement between rounds of one observer and between observers: the human reference for the meiboscore accuracy. DATA
 * is the folder with meiboscore_6rounds_experts.xlsx, or several folders ({@code DIR1;DIR2}, the sheet in the first;
 * {@code MEIBO_SPLIT=stratified} for the training command's stratified split). GRADES (MeibographyEvaluation's
 * heldout-grades.csv) adds MedXAI's agreement with each round on the held-out lids.
 *
 * Usage: {@code bash scripts/run-experiment.sh ExpertAgreementExperiment DATA [GRADES]}
 */
public final class ExpertAgreementExperiment {

	public static void main(final String[] args) throws Exception {
		final Path data = Path.of(args[0].split(";")[0].trim());
		final List<Map<String, String>> rows = readSheet(data.resolve("meiboscore_6rounds_experts.xlsx"));
		final Map<String, String> header = rows.get(0);
		String nameColumn = null, truthColumn = null;
		final Map<String, String> rounds = new LinkedHashMap<>(); // column -> round label
		for (final Map.Entry<String, String> e : header.entrySet()) {
			final String v = e.getValue().trim();
			if (v.equalsIgnoreCase("name")) nameColumn = e.getKey();
			else if (v.equalsIgnoreCase("Ground Truth")) truthColumn = e.getKey();
			else if (v.matches("O\\dR\\d")) rounds.put(e.getKey(), v);
		}
		if (nameColumn == null || truthColumn == null || rounds.isEmpty())
			throw new IllegalStateException("Unexpected sheet header: " + header);
		final DefaultMeibographySplits splits = DefaultMeibographySplits.fromArgument(args[0]);
		final Set<String> here = names(splits.all()), heldOut = names(splits.heldOut());
		final List<Map<String, String>> lids = rows.subList(1, rows.size());
		System.out.println("round | accuracy against the ground truth: all lids | lids here | held-out lids");
		for (final Map.Entry<String, String> r : rounds.entrySet()) {
			System.out.printf(Locale.ROOT, "%s | %s | %s | %s%n", r.getValue(),
				agreement(lids, r.getKey(), truthColumn, null, nameColumn),
				agreement(lids, r.getKey(), truthColumn, here, nameColumn),
				agreement(lids, r.getKey(), truthColumn, heldOut, nameColumn));
		}
		if (args.length > 1) medxaiAgainstRounds(Path.of(args[1]), lids, rounds, truthColumn, nameColumn);
		final List<String> columns = new ArrayList<>(rounds.keySet());
		for (final boolean sameObserver : new boolean[] { true, false }) {
			double sum = 0;
			int pairs = 0;
			final StringBuilder each = new StringBuilder();
			for (int a = 0; a < columns.size(); a++) for (int b = a + 1; b < columns.size(); b++) {
				final boolean same = rounds.get(columns.get(a)).charAt(1) == rounds.get(columns.get(b)).charAt(1);
				if (same != sameObserver) continue;
				final double[] agree = counts(lids, columns.get(a), columns.get(b), here, nameColumn);
				sum += agree[0] / agree[1];
				pairs++;
				each.append(String.format(Locale.ROOT, " %s-%s %.3f", rounds.get(columns.get(a)),
					rounds.get(columns.get(b)), agree[0] / agree[1]));
			}
			System.out.printf(Locale.ROOT, "%s agreement on the lids here: mean %.3f (%s)%n",
				sameObserver ? "Same observer, two rounds," : "Two observers,", sum / pairs, each.toString().trim());
		}
	}

	/** MedXAI's held-out grades against each round and the ground truth, on the lids both graded. */
	private static void medxaiAgainstRounds(final Path grades, final List<Map<String, String>> lids,
		final Map<String, String> rounds, final String truthColumn, final String nameColumn) throws Exception
	{
		final Map<String, String> medxai = new HashMap<>();
		final List<String> lines = Files.readAllLines(grades);
		for (final String line : lines.subList(1, lines.size())) {
			final String[] cells = line.split(",");
			if (cells.length == 3) medxai.put(stem(cells[0]), cells[2]);
		}
		System.out.printf(Locale.ROOT, "MedXAI's grades of %d held-out lids (%s) against each grader:%n", medxai.size(),
			grades.getFileName());
		final Map<String, String> graders = new LinkedHashMap<>(rounds);
		graders.put(truthColumn, "ground truth");
		for (final Map.Entry<String, String> r : graders.entrySet()) {
			int agree = 0, n = 0;
			for (final Map<String, String> lid : lids) {
				final String ours = medxai.get(stem(lid.getOrDefault(nameColumn, "")));
				final String theirs = lid.get(r.getKey());
				if (ours == null || theirs == null || theirs.isBlank()) continue;
				n++;
				if (Double.parseDouble(ours) == Double.parseDouble(theirs)) agree++;
			}
			System.out.printf(Locale.ROOT, "MedXAI vs %s: %.3f (%d/%d)%n", r.getValue(), agree / (double) n, agree, n);
		}
	}

	private static Set<String> names(final MeibographySet set) {
		final Set<String> names = new HashSet<>();
		for (final MeibographySet.Item item : set.items()) names.add(item.name());
		return names;
	}

	private static String agreement(final List<Map<String, String>> lids, final String a, final String b,
		final Set<String> only, final String nameColumn)
	{
		final double[] c = counts(lids, a, b, only, nameColumn);
		return String.format(Locale.ROOT, "%.3f (%d/%d)", c[0] / c[1], (int) c[0], (int) c[1]);
	}

	/** {agreeing, compared} over the lids graded in both columns (and in {@code only}, when given). */
	private static double[] counts(final List<Map<String, String>> lids, final String a, final String b,
		final Set<String> only, final String nameColumn)
	{
		int agree = 0, n = 0;
		for (final Map<String, String> lid : lids) {
			final String name = stem(lid.getOrDefault(nameColumn, ""));
			if (only != null && !only.contains(name)) continue;
			final String va = lid.get(a), vb = lid.get(b);
			if (va == null || vb == null || va.isBlank() || vb.isBlank()) continue;
			n++;
			if (Double.parseDouble(va) == Double.parseDouble(vb)) agree++;
		}
		return new double[] { agree, n };
	}

	private static String stem(final String file) {
		final int dot = file.lastIndexOf('.');
		return dot < 0 ? file : file.substring(0, dot);
	}

	/** The first sheet of an .xlsx file: one map (column letters → cell text) per row. */
	static List<Map<String, String>> readSheet(final Path xlsx) throws Exception {
		try (ZipFile zip = new ZipFile(xlsx.toFile())) {
			final List<String> shared = new ArrayList<>();
			if (zip.getEntry("xl/sharedStrings.xml") != null) {
				final NodeList items = parse(zip, "xl/sharedStrings.xml").getElementsByTagNameNS("*", "si");
				for (int i = 0; i < items.getLength(); i++) {
					final NodeList texts = ((Element) items.item(i)).getElementsByTagNameNS("*", "t");
					final StringBuilder sb = new StringBuilder();
					for (int t = 0; t < texts.getLength(); t++) sb.append(texts.item(t).getTextContent());
					shared.add(sb.toString());
				}
			}
			final List<Map<String, String>> rows = new ArrayList<>();
			final NodeList rowNodes = parse(zip, "xl/worksheets/sheet1.xml").getElementsByTagNameNS("*", "row");
			for (int r = 0; r < rowNodes.getLength(); r++) {
				final Map<String, String> row = new LinkedHashMap<>();
				final NodeList cells = ((Element) rowNodes.item(r)).getElementsByTagNameNS("*", "c");
				for (int c = 0; c < cells.getLength(); c++) {
					final Element cell = (Element) cells.item(c);
					final NodeList values = cell.getElementsByTagNameNS("*", "v");
					if (values.getLength() == 0) continue;
					final String raw = values.item(0).getTextContent();
					row.put(cell.getAttribute("r").replaceAll("\\d", ""),
						"s".equals(cell.getAttribute("t")) ? shared.get(Integer.parseInt(raw)) : raw);
				}
				rows.add(row);
			}
			return rows;
		}
	}

	private static Document parse(final ZipFile zip, final String entry) throws Exception {
		final DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
		f.setNamespaceAware(true);
		f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		try (InputStream in = zip.getInputStream(zip.getEntry(entry))) {
			return f.newDocumentBuilder().parse(in);
		}
	}
}
