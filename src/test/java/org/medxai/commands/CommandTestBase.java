package org.medxai.commands;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Runs commands as Fiji does: through one headless SciJava context per test class, with pre- and post-processing.
 */
abstract class CommandTestBase {

	protected static Context context;

	@BeforeAll
	static void startContext() {
		context = new Context();
	}

	@AfterAll
	static void stopContext() {
		context.dispose();
	}

	/** Inputs as alternating names and values. */
	protected static Map<String, Object> inputs(final Object... keyValues) {
		final Map<String, Object> map = new HashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) map.put((String) keyValues[i], keyValues[i + 1]);
		return map;
	}

	@SuppressWarnings("unchecked")
	protected static <C extends Command> C run(final Class<C> type, final Map<String, Object> inputs) throws Exception {
		final CommandModule module = context.service(CommandService.class).run(type, true, inputs).get();
		return (C) module.getDelegateObject();
	}
}
