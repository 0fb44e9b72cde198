package org.medxai.ij1;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.service.Service;
import org.scijava.widget.FileWidget;

/**
 * Runs a MedXAI SciJava command from plain ImageJ 1.x (entries in plugins.config). Inputs come from a GenericDialog
 * whose labels are the command's field names, so macro options use the same keys Fiji's recorder writes
 * ({@code model_file=[...] device=auto}). The active image fills {@link ImagePlus} inputs. Fiji never uses this class:
 * it finds the commands through the SciJava plugin index.
 */
public class CommandBridge implements PlugIn {

	/** Set by the launcher for {@code -batch} runs: a failure ends the process with a non-zero status. */
	public static final String BATCH_PROPERTY = "medxai.batch";

	private static Context context;

	@Override
	public void run(final String commandClass) {
		final Thread thread = Thread.currentThread();
		final ClassLoader saved = thread.getContextClassLoader();
		// SciJava discovers plugins through the context class loader; in ImageJ 1.x
		// that is ImageJ's own loader, which cannot see this plugin's jars.
		thread.setContextClassLoader(CommandBridge.class.getClassLoader());
		try {
			runCommand(commandClass);
		}
		finally {
			thread.setContextClassLoader(saved);
		}
	}

	/** The SciJava context shared by all MedXAI commands in this ImageJ 1.x session. */
	public static synchronized Context context() {
		if (context == null) context = new Context();
		return context;
	}

	private void runCommand(final String commandClass) {
		final CommandService commands = context().service(CommandService.class);
		final CommandInfo info = commands.getCommand(commandClass);
		if (info == null) {
			IJ.error("MedXAI", "Command not found: " + commandClass);
			return;
		}
		final Map<String, Object> inputs = new HashMap<>();
		final List<ModuleItem<?>> asked = new ArrayList<>();
		final Module defaults;
		try {
			defaults = context().service(ModuleService.class).createModule(info);
		}
		catch (final RuntimeException e) {
			IJ.handleException(e);
			return;
		}
		for (final ModuleItem<?> item : info.inputs()) {
			final Class<?> type = item.getType();
			if (Service.class.isAssignableFrom(type) || Context.class.isAssignableFrom(type)) {
				continue;
			}
			if (ImagePlus.class.isAssignableFrom(type)) {
				final ImagePlus image = WindowManager.getCurrentImage();
				if (image == null && item.isRequired()) {
					IJ.noImage();
					return;
				}
				inputs.put(item.getName(), image);
				continue;
			}
			asked.add(item);
		}
		final String options = Macro.getOptions();
		if (options != null) {
			final String problem = MacroOptions.problem(info.getTitle(), options, asked);
			if (problem != null) {
				failed(problem);
				return;
			}
		}
		if (options != null) macroInputs(defaults, asked, options, inputs);
		else if (!asked.isEmpty() && !askInputs(info, defaults, asked, inputs)) return;

		final CommandModule module;
		try {
			module = commands.run(info, true, inputs).get();
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			return;
		}
		catch (final ExecutionException e) {
			final Throwable cause = e.getCause() == null ? e : e.getCause();
			IJ.handleException(cause);
			failed("'" + info.getTitle() + "' stopped with an unexpected error: " + cause);
			return;
		}
		// MedXAI commands end a failure by cancelling with its message (a dialog closed by the user has none)
		if (module.getDelegateObject() instanceof Cancelable command && command.isCanceled() &&
			command.getCancelReason() != null && !command.getCancelReason().isBlank())
		{
			failed(command.getCancelReason());
			return;
		}
		for (final ModuleItem<?> output : info.outputs()) {
			if (output.getType() == String.class && module.getOutput(output.getName()) != null) {
				IJ.showStatus(String.valueOf(module.getOutput(output.getName())));
				IJ.log(String.valueOf(module.getOutput(output.getName())));
			}
		}
	}

	/**
	 * Shows a failure once and ends the calling macro. In a headless batch started by the MedXAI launcher the process
	 * then exits with status 1 and the message on stderr, so scripts and schedulers see the failure.
	 */
	public static void failed(final String message) {
		if (Boolean.getBoolean(BATCH_PROPERTY)) {
			// before IJ.error: in a macro it ends the macro's thread at once
			System.err.println("MedXAI: " + message);
			System.err.flush();
			System.exit(1);
		}
		IJ.error("MedXAI", message);
		if (Macro.getOptions() != null || IJ.isMacro()) Macro.abort();
	}

	/**
	 * The inputs a macro gives, key by exact key: ImageJ's dialog would read {@code seed} out of {@code split_seed=...}
	 * (it matches a key after any non-letter). A key left out gets the declared default, never a remembered value; a
	 * checkbox is on when its key is there.
	 */
	private static void macroInputs(final Module defaults, final List<ModuleItem<?>> items, final String options,
		final Map<String, Object> inputs)
	{
		final Map<String, String> given = new HashMap<>();
		final Set<String> flags = new HashSet<>();
		for (final String[] pair : MacroOptions.parse(options)) {
			if (pair[1] == null) flags.add(pair[0]);
			else given.put(pair[0], pair[1]);
		}
		for (final ModuleItem<?> item : items) {
			final String key = item.getName();
			final Class<?> type = item.getType();
			final Object declared = defaults.getInput(key);
			final Object value;
			if (type == boolean.class || type == Boolean.class) {
				value = flags.contains(key) || given.containsKey(key) && Boolean.parseBoolean(given.get(key));
			}
			else if (!given.containsKey(key)) {
				final boolean choice = item.getChoices() != null && !item.getChoices().isEmpty();
				value = declared == null && choice ? String.valueOf(item.getChoices().get(0)) : declared;
			}
			else if (isNumber(type)) value = toNumber(type, parse(given.get(key).trim()));
			else if (type == File.class) {
				final String path = given.get(key).trim();
				value = path.isEmpty() ? null : new File(path);
			}
			else value = given.get(key);
			inputs.put(key, value);
		}
	}

	/** One dialog field per input, labelled with its key, its value remembered for the next time. */
	private static boolean askInputs(final CommandInfo info, final Module defaults, final List<ModuleItem<?>> items,
		final Map<String, Object> inputs)
	{
		final GenericDialog dialog = new GenericDialog(info.getTitle());
		// The headless dialog ImageJ runs macros with has no file fields: use text fields there.
		final boolean gui = !GraphicsEnvironment.isHeadless();
		final String prefix = "medxai." + info.getDelegateClassName() + ".";
		final StringBuilder help = new StringBuilder();
		for (final ModuleItem<?> item : items) {
			final String key = item.getName();
			final Object initial = defaults.getInput(key);
			final String declared = initial == null ? "" : String.valueOf(initial);
			final String remembered = !item.isPersisted() ? declared : Prefs.get(prefix + key, declared);
			final Class<?> type = item.getType();
			if (type == boolean.class || type == Boolean.class) {
				dialog.addCheckbox(key, Boolean.parseBoolean(remembered));
			}
			else if (isNumber(type)) {
				dialog.addNumericField(key, parse(remembered), isInteger(type) ? 0 : 4);
			}
			else if (type == File.class && gui) {
				if (FileWidget.DIRECTORY_STYLE.equals(item.getWidgetStyle())) {
					dialog.addDirectoryField(key, remembered);
				}
				else dialog.addFileField(key, remembered);
			}
			else if (item.getChoices() != null && !item.getChoices().isEmpty()) {
				final String[] choices = item.getChoices().stream().map(String::valueOf).toArray(String[]::new);
				dialog.addChoice(key, choices, remembered.isEmpty() ? choices[0] : remembered);
			}
			else dialog.addStringField(key, remembered, 30);
			if (item.getDescription() != null && !item.getDescription().isBlank()) {
				help.append(key).append(": ").append(item.getDescription()).append('\n');
			}
		}
		if (gui && help.length() > 0) dialog.addMessage(help.toString().trim());
		dialog.showDialog();
		if (dialog.wasCanceled()) return false;
		for (final ModuleItem<?> item : items) {
			final Class<?> type = item.getType();
			final Object value;
			if (type == boolean.class || type == Boolean.class) value = dialog.getNextBoolean();
			else if (isNumber(type)) value = toNumber(type, dialog.getNextNumber());
			else if (type == File.class) {
				final String path = dialog.getNextString().trim();
				value = path.isEmpty() ? null : new File(path);
			}
			else if (item.getChoices() != null && !item.getChoices().isEmpty()) {
				value = dialog.getNextChoice();
			}
			else value = dialog.getNextString();
			inputs.put(item.getName(), value);
			if (item.isPersisted()) Prefs.set(prefix + item.getName(), value == null ? "" : String.valueOf(value));
		}
		return true;
	}

	private static boolean isNumber(final Class<?> type) {
		return isInteger(type) || type == double.class || type == Double.class || type == float.class ||
			type == Float.class;
	}

	private static boolean isInteger(final Class<?> type) {
		return type == int.class || type == Integer.class || type == long.class || type == Long.class;
	}

	private static double parse(final String text) {
		try {
			return Double.parseDouble(text);
		}
		catch (final NumberFormatException e) {
			return 0;
		}
	}

	private static Object toNumber(final Class<?> type, final double value) {
		if (type == int.class || type == Integer.class) return (int) Math.round(value);
		if (type == long.class || type == Long.class) return Math.round(value);
		if (type == float.class || type == Float.class) return (float) value;
		return value;
	}
}
