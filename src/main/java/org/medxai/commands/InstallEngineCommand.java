package org.medxai.commands;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ij.measure.ResultsTable;

import org.medxai.CancelledException;
import org.medxai.MedXaiException;
import org.medxai.engine.EngineEnvironment;
import org.medxai.install.EngineInstaller;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins>MedXAI>Install MedXAI Engine: what engine is installed (CPU or CUDA, version, platform, cache folder, the
 * NVIDIA driver) and, on request, another one — from Maven Central with progress, size and SHA-1 checks, or from a
 * natives jar the user has (offline). Only this command goes online; the engine itself stays offline.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedXAI>Install MedXAI Engine")
public class InstallEngineCommand extends MedXaiCommand {

	/** Title of the table this command shows. */
	public static final String TABLE_TITLE = "MedXAI Engine Installation";

	@Parameter(label = "Engine", choices = { "show", "cpu", "cuda" },
		description = "show: only list what is installed; cpu or cuda: install that engine (CUDA 12.4, NVIDIA GPUs).")
	private String engine = "show";

	@Parameter(label = "Source", choices = { "maven_central", "file" },
		description = "maven_central: download (online); file: a pytorch-native jar you have (offline).")
	private String source = "maven_central";

	@Parameter(label = "Natives jar (source=file)", style = FileWidget.OPEN_STYLE, required = false, persist = false,
		description = "A pytorch-native-cpu or pytorch-native-cu124 jar of PyTorch 2.5.1 for this platform.")
	private File jar_file;

	@Parameter(label = "Jars folder (empty: MedXAI's own)", style = FileWidget.DIRECTORY_STYLE, required = false,
		persist = false, description = "The Fiji jars/ folder to install into; empty: the folder MedXAI's jar is in.")
	private File jars_folder;

	private ResultsTable table;

	@Override
	protected void execute() {
		final Path jars = jarsFolder();
		final String platform = EngineInstaller.currentPlatform();
		final List<EngineInstaller.Gpu> gpus = EngineInstaller.gpus(EngineInstaller::runCommand);
		final Optional<String> cudaProblem = EngineInstaller.cudaProblem(platform, gpus);
		try {
			if (!"show".equals(engine)) install(jars, platform, cudaProblem);
			show(jars, platform, gpus, cudaProblem);
		}
		catch (final IOException e) {
			throw new MedXaiException("Installing the engine failed: " + e.getMessage(), e);
		}
	}

	private void install(final Path jars, final String platform, final Optional<String> cudaProblem)
		throws IOException
	{
		final EngineInstaller.Flavour flavour = "cuda".equals(engine)
			? EngineInstaller.Flavour.CUDA
			: EngineInstaller.Flavour.CPU;
		if (flavour == EngineInstaller.Flavour.CUDA && cudaProblem.isPresent())
			throw new MedXaiException(cudaProblem.get());
		final EngineInstaller.Installation installation;
		if ("file".equals(source)) {
			if (jar_file == null || !jar_file.isFile()) {
				throw new MedXaiException("Choose the natives jar to install (jar_file), or source=maven_central.");
			}
			final EngineInstaller.InstalledEngine given = EngineInstaller.inspect(jar_file.toPath());
			if (given.isCuda() != (flavour == EngineInstaller.Flavour.CUDA)) {
				throw new MedXaiException(jar_file.getName() + " holds the " + (given.isCuda() ? "CUDA" : "CPU") +
					" engine, but engine=" + engine + " was asked for.");
			}
			installation = EngineInstaller.install(jar_file.toPath(), jars, platform);
		}
		else {
			final EngineInstaller.Candidate candidate = EngineInstaller.candidate(flavour, platform);
			final CommandProgress progress = progress();
			final Path downloaded;
			try {
				downloaded = EngineInstaller.download(candidate,
					System.getProperty(EngineInstaller.REPOSITORY_PROPERTY, EngineInstaller.MAVEN_CENTRAL), jars,
					EngineEnvironment.cacheDirectory(), progress);
			}
			catch (final CancelledException e) {
				finish("Download stopped (" + e.getMessage() + "); nothing installed, the engine is unchanged.");
				return;
			}
			finally {
				progress.clear();
			}
			installation = EngineInstaller.install(downloaded, jars, platform, true);
		}
		finish("Installed the " + installation.engine().describe() +
			(installation.removed().isEmpty() ? "" : "; removed " + String.join(", ", installation.removed())) +
			". Restart Fiji to use it.");
	}

	private void show(final Path jars, final String platform, final List<EngineInstaller.Gpu> gpus,
		final Optional<String> cudaProblem) throws IOException
	{
		final Map<String, String> rows = new LinkedHashMap<>();
		rows.put("platform",
			platform == null
				? "unsupported (" + System.getProperty("os.name") + ", " + System.getProperty("os.arch") + ")"
				: platform);
		rows.put("jars_folder", jars.toString());
		final List<EngineInstaller.InstalledEngine> installed = EngineInstaller.installed(jars);
		rows.put("installed",
			installed.isEmpty()
				? "none: run this command with engine=cpu"
				: String.join("; ", installed.stream().map(EngineInstaller.InstalledEngine::describe).toList()));
		rows.put("pytorch_version_needed", EngineInstaller.PYTORCH_VERSION);
		rows.put("cache_folder", EngineEnvironment.cacheDirectory().toString());
		rows.put("nvidia_gpus",
			gpus.isEmpty()
				? "none found"
				: String.join("; ", gpus.stream().map(g -> g.name() + " (driver " + g.driver() + ")").toList()));
		rows.put("cuda_engine", cudaProblem.orElse("can run here"));
		table = new ResultsTable();
		for (final Map.Entry<String, String> row : rows.entrySet()) {
			table.incrementCounter();
			table.addValue("property", row.getKey());
			table.addValue("value", row.getValue());
			log.info("MedXAI engine installation: " + row.getKey() + " = " + row.getValue());
		}
		Tables.show(table, TABLE_TITLE);
		if (summary == null) finish("Engine installed: " + rows.get("installed") + ".");
	}

	/** The jars folder given, else the one MedXAI's own jar is in. */
	private Path jarsFolder() {
		if (jars_folder != null && !jars_folder.getPath().isBlank()) {
			if (!jars_folder.isDirectory()) throw new MedXaiException("No folder " + jars_folder + ".");
			return jars_folder.toPath();
		}
		try {
			final Path location = Path
				.of(InstallEngineCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			if (Files.isRegularFile(location)) return location.getParent();
		}
		catch (final URISyntaxException | SecurityException | NullPointerException e) {
			// fall through to the message below
		}
		throw new MedXaiException("MedXAI is not running from a jar here; name the jars folder to install into.");
	}

	/** The table of the last run. */
	public ResultsTable table() {
		return table;
	}
}
