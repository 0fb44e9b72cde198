package org.medxai.tabular;

import java.util.Locale;
import java.util.Random;

/** Seeded tables with interactions and a categorical column, written as CSV text. */
public final class SyntheticTables {

	private SyntheticTables() {}

	/**
	 * Columns id, a..e numeric, colour categorical (red/green/blue), then the target: "value" (regression), "binary"
	 * (yes/no) or "three" (low/mid/high).
	 */
	public static String csv(final int rows, final String target, final long seed) {
		final Random random = new Random(seed);
		final StringBuilder sb = new StringBuilder("id,a,b,c,d,e,colour," + target + "\n");
		final String[] colours = { "red", "green", "blue" };
		for (int i = 0; i < rows; i++) {
			final double a = random.nextGaussian();
			final double b = random.nextGaussian();
			final double c = random.nextDouble() * 10;
			final double d = random.nextInt(4);
			final double e = random.nextGaussian();
			final int colour = random.nextInt(3);
			final double signal = 1.5 * a + (b > 0 ? 1 : -1) * a * 0.8 + 0.3 * c - 0.5 * d + (colour == 2 ? 1.2 : 0) +
				0.3 * random.nextGaussian();
			final String y = switch (target) {
				case "value" -> String.format(Locale.ROOT, "%.4f", signal);
				case "binary" -> signal > 1.5 ? "yes" : "no";
				default -> signal < 0.5 ? "low" : signal < 2.5 ? "mid" : "high";
			};
			sb.append(String.format(Locale.ROOT, "P%03d,%.4f,%.4f,%.4f,%d,%.4f,%s,%s%n", i, a, b, c, (int) d, e,
				colours[colour], y));
		}
		return sb.toString();
	}

	public static TabularDataset dataset(final int rows, final String target, final long seed) {
		return TabularDataset.of(DelimitedTable.parse("synthetic.csv", csv(rows, target, seed)), target,
			java.util.List.of(), "id", null);
	}
}
