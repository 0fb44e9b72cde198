package org.medxai.ij1;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.scijava.module.ModuleItem;

/**
 * Checks a macro's option string ({@code key=value key=[a value] flag}) against a command's inputs before anything
 * runs: a key the command does not have, a choice it does not offer or a number that is not one is refused with what is
 * allowed — ImageJ's dialog would otherwise drop the key or fall back to a default.
 */
final class MacroOptions {

	private MacroOptions() {}

	/** The problem with these options, or null when every key and value is one the command takes. */
	static String problem(final String command, final String options, final List<ModuleItem<?>> items) {
		final Set<String> allowed = new LinkedHashSet<>();
		for (final ModuleItem<?> item : items) allowed.add(item.getName());
		final List<String[]> pairs = parse(options);
		final List<String> unknown = new ArrayList<>();
		for (final String[] pair : pairs) if (!allowed.contains(pair[0])) unknown.add(pair[0]);
		if (!unknown.isEmpty()) {
			return "'" + command + "' has no key " + String.join(", ", unknown) + ". Its keys are: " +
				String.join(", ", allowed) + ".";
		}
		for (final String[] pair : pairs) {
			final ModuleItem<?> item = items.stream().filter(i -> i.getName().equals(pair[0])).findFirst()
				.orElseThrow();
			final String value = pair[1];
			if (value == null) continue;
			final Class<?> type = item.getType();
			if (item.getChoices() != null && !item.getChoices().isEmpty() && type == String.class) {
				final List<String> choices = item.getChoices().stream().map(String::valueOf).toList();
				if (!choices.contains(value)) {
					return "'" + command + "': " + pair[0] + "=" + value + " is not allowed; choose one of " +
						String.join(", ", choices) + ".";
				}
			}
			else if (isNumber(type)) {
				final String range = numberProblem(item, value);
				if (range != null) return "'" + command + "': " + pair[0] + "=" + value + " " + range;
			}
			else if (type == File.class && value.isBlank() && item.isRequired()) {
				return "'" + command + "': " + pair[0] + " needs a path.";
			}
		}
		return null;
	}

	private static String numberProblem(final ModuleItem<?> item, final String text) {
		final double value;
		try {
			value = Double.parseDouble(text.trim());
		}
		catch (final NumberFormatException e) {
			return "is not a number.";
		}
		if (Double.isNaN(value) || Double.isInfinite(value)) return "is not a finite number.";
		final boolean integer = item.getType() == int.class || item.getType() == Integer.class ||
			item.getType() == long.class || item.getType() == Long.class;
		if (integer && value != Math.rint(value)) return "must be a whole number.";
		final Object min = item.getMinimumValue(), max = item.getMaximumValue();
		if (min != null && value < Double.parseDouble(String.valueOf(min)) ||
			max != null && value > Double.parseDouble(String.valueOf(max)))
		{
			return "is outside " + (min == null ? "-inf" : min) + " .. " + (max == null ? "inf" : max) + ".";
		}
		return null;
	}

	private static boolean isNumber(final Class<?> type) {
		return type == int.class || type == Integer.class || type == long.class || type == Long.class ||
			type == double.class || type == Double.class || type == float.class || type == Float.class;
	}

	/** Keys with their values (null for a bare flag), in the order given. */
	static List<String[]> parse(final String options) {
		final List<String[]> pairs = new ArrayList<>();
		int i = 0;
		final int n = options.length();
		while (i < n) {
			while (i < n && Character.isWhitespace(options.charAt(i))) i++;
			if (i >= n) break;
			final int keyStart = i;
			while (i < n && options.charAt(i) != '=' && !Character.isWhitespace(options.charAt(i))) i++;
			final String key = options.substring(keyStart, i).toLowerCase(Locale.ROOT);
			String value = null;
			if (i < n && options.charAt(i) == '=') {
				i++;
				if (i < n && options.charAt(i) == '[') {
					final int end = options.indexOf(']', i + 1);
					value = options.substring(i + 1, end < 0 ? n : end);
					i = end < 0 ? n : end + 1;
				}
				else {
					final int start = i;
					while (i < n && !Character.isWhitespace(options.charAt(i))) i++;
					value = options.substring(start, i);
				}
			}
			pairs.add(new String[] { key, value });
		}
		return pairs;
	}
}
