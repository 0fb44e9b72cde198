package org.medxai.batch;

import java.util.Comparator;

/**
 * File names in the order people read them: runs of digits compare by value, so {@code RUN2} comes before
 * {@code RUN10}; ties fall back to plain text order so the order is total and stable.
 */
public final class NaturalOrder implements Comparator<String> {

	public static final NaturalOrder INSTANCE = new NaturalOrder();

	private NaturalOrder() {}

	@Override
	public int compare(final String a, final String b) {
		int i = 0, j = 0;
		while (i < a.length() && j < b.length()) {
			final char ca = a.charAt(i), cb = b.charAt(j);
			if (Character.isDigit(ca) && Character.isDigit(cb)) {
				final int endA = digitsEnd(a, i), endB = digitsEnd(b, j);
				final int byValue = compareDigits(a.substring(i, endA), b.substring(j, endB));
				if (byValue != 0) return byValue;
				i = endA;
				j = endB;
			}
			else {
				final int byChar = Character.compare(Character.toLowerCase(ca), Character.toLowerCase(cb));
				if (byChar != 0) return byChar;
				i++;
				j++;
			}
		}
		final int byLength = Integer.compare(a.length() - i, b.length() - j);
		return byLength != 0 ? byLength : a.compareTo(b);
	}

	private static int digitsEnd(final String s, int at) {
		while (at < s.length() && Character.isDigit(s.charAt(at))) at++;
		return at;
	}

	private static int compareDigits(final String a, final String b) {
		final String x = a.replaceFirst("^0+(?=.)", ""), y = b.replaceFirst("^0+(?=.)", "");
		if (x.length() != y.length()) return Integer.compare(x.length(), y.length());
		return x.compareTo(y);
	}
}
