package org.medxai.commands;

import java.util.Map;

import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** Runs commands as Fiji does: through a SciJava context with pre- and post-processing. */
final class CommandTestSupport {

	private CommandTestSupport() {}

	@SuppressWarnings("unchecked")
	static <C extends Command> C run(final Context context, final Class<C> type,
		final Map<String, Object> inputs) throws Exception
	{
		final CommandModule module = context.service(CommandService.class).run(type, true, inputs)
			.get();
		return (C) module.getDelegateObject();
	}
}
