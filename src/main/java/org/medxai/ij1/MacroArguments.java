package org.medxai.ij1;

import java.util.ArrayList;
import java.util.List;

/**
 * For the bundled macros: {@code call("org.medxai.ij1.MacroArguments.check", getArgument(), "input output model")}
 * refuses an argument key the macro does not read (a typo such as {@code modle=} must not quietly run the bundled
 * model). Returns "" when every key is known.
 */
public final class MacroArguments {

	private MacroArguments() {}

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
