package org.medxai.ij1;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * For the bundled macros: {@code call("org.medxai.ij1.MacroArguments.check", getArgument(), "input output model")}
 * refuses an argument key the macro does not read (a typo such as {@code modle=} must not quietly run the bundled
 * model), returning "" when every key is known; {@code call("org.medxai.ij1.MacroArguments.value", args, "seed",
 * "42")} reads one key's value. ImageJ's own {@code Macro.getValue} finds a key inside a longer one after a non-letter
 * ({@code seed=} inside {@code split_seed=2026}, {@code lr=} inside {@code temporal_lr=}), so it would read the wrong
 * value silently.
 */
public final class MacroArguments {

	private MacroArguments() {}

	/** The value given for exactly {@code key} ({@code [bracketed]} values unwrapped), or {@code fallback}. */
	public static String value(final String arguments, final String key, final String fallback) {
		if (arguments == null) return fallback;
		for (final String[] pair : MacroOptions.parse(arguments))
			if (pair[0].equals(key.toLowerCase(Locale.ROOT))) return pair[1] == null ? fallback : pair[1];
		return fallback;
	}

	/**
	 * The value of a true/false key ({@code fallback} when left out); any other value ends the macro with one message
	 * (returning "" then).
	 */
	public static String flag(final String arguments, final String key, final String fallback) {
		final String v = value(arguments, key, fallback).trim().toLowerCase(Locale.ROOT);
		if (v.equals("true") || v.equals("false")) return v;
		CommandBridge.failed(key + " must be true or false, not '" + value(arguments, key, fallback) + "'.");
		return "";
	}

	public static String check(final String arguments, final String keys) {
		if (arguments == null || arguments.isBlank()) return "";
		final List<String> allowed = List.of(keys.trim().split("\\s+"));
		final List<String> unknown = new ArrayList<>();
		for (final String[] pair : MacroOptions.parse(arguments)) if (!allowed.contains(pair[0])) unknown.add(pair[0]);
		if (unknown.isEmpty()) return "";
		CommandBridge.failed("Unknown argument " + String.join(", ", unknown) + "; this macro reads: " +
			String.join(", ", allowed) + ".");
		return "unknown argument";
	}
}
