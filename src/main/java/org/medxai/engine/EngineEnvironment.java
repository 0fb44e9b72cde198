package org.medxai.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.util.Utils;

import org.medxai.MedXaiException;

/**
 * The deep-learning engine (DJL with PyTorch) as MedXAI uses it: offline by default, its native-library cache where the
 * user wants it, and the device chosen from a {@link DevicePreference}.
 */
public final class EngineEnvironment {

	/** Engine name as DJL knows it. */
	public static final String ENGINE_NAME = "PyTorch";
	/** System property naming the native-library cache folder. */
	public static final String CACHE_PROPERTY = "medxai.engine.cache";
	/** Environment variable naming the native-library cache folder. */
	public static final String CACHE_ENV = "MEDXAI_ENGINE_CACHE";

	private static final String DJL_CACHE_KEY = "ENGINE_CACHE_DIR";
	private static final String DJL_OFFLINE_KEY = "ai.djl.offline";

	private static volatile Engine engine;

	private EngineEnvironment() {}

	/**
	 * Applies MedXAI's settings before DJL starts: the native cache folder (from {@value #CACHE_PROPERTY} or
	 * {@value #CACHE_ENV}; otherwise DJL's own default) and offline mode, so nothing is ever downloaded unless the user
	 * explicitly sets {@code ai.djl.offline=false}.
	 */
	static void configure() {
		final String cache = configuredCache(System::getProperty, System::getenv);
		if (cache != null) System.setProperty(DJL_CACHE_KEY, cache);
		if (System.getProperty(DJL_OFFLINE_KEY) == null) {
			System.setProperty(DJL_OFFLINE_KEY, "true");
		}
	}

	/** The user's cache folder: the system property, else the environment variable, else null. */
	static String configuredCache(final UnaryOperator<String> properties, final UnaryOperator<String> environment) {
		String cache = properties.apply(CACHE_PROPERTY);
		if (cache == null || cache.isBlank()) cache = environment.apply(CACHE_ENV);
		return cache == null || cache.isBlank() ? null : cache;
	}

	/** The PyTorch engine, loaded once; a clear error when its natives cannot load. */
	public static Engine engine() {
		Engine current = engine;
		if (current != null) return current;
		synchronized (EngineEnvironment.class) {
			if (engine == null) {
				configure();
				try {
					engine = Engine.getEngine(ENGINE_NAME);
				}
				catch (final RuntimeException | UnsatisfiedLinkError e) {
					throw new MedXaiException("The PyTorch engine could not start (" + rootMessage(e) +
						"). MedXAI needs its native library jar (pytorch-native-cpu or pytorch-native-cu124) beside " +
						"the plugin — in Fiji, run Plugins > MedXAI > Install MedXAI Engine once, then restart — " +
						"and a writable cache folder: set -D" + CACHE_PROPERTY + "=FOLDER or the environment " +
						"variable " + CACHE_ENV + ".", e);
				}
			}
			return engine;
		}
	}

	/** The folder where the engine's native libraries are extracted. */
	public static Path cacheDirectory() {
		configure();
		return Utils.getEngineCacheDir();
	}

	/** Number of GPUs the engine can use (0 with CPU natives). */
	public static int gpuCount() {
		return engine().getGpuCount();
	}

	/**
	 * The device for a preference: {@code auto} takes the first GPU when the engine sees one, else the CPU; {@code gpu}
	 * fails clearly where there is none.
	 */
	public static Device device(final DevicePreference preference) {
		final int gpus = gpuCount();
		switch (preference) {
			case CPU :
				return Device.cpu();
			case GPU :
				if (gpus == 0) {
					throw new MedXaiException("A GPU was requested, but the PyTorch engine " + "sees none (natives: " +
						nativeFlavour() + "). Choose device=auto or " +
						"device=cpu, or install the CUDA natives as the README explains.");
				}
				return Device.gpu(0);
			case AUTO :
			default :
				return gpus > 0 ? Device.gpu(0) : Device.cpu();
		}
	}

	/** What the engine is, where it runs, and how it is set up. */
	public static EngineReport report() {
		final Engine current = engine();
		final List<String> devices = new ArrayList<>();
		devices.add(Device.cpu().toString());
		for (int i = 0; i < current.getGpuCount(); i++) {
			devices.add(Device.gpu(i).toString());
		}
		return new EngineReport(current.getEngineName(), current.getVersion(), Engine.getDjlVersion(), nativeFlavour(),
			current.getGpuCount(), devices, TorchThreads.intraOp(), TorchThreads.interOp(), cacheDirectory().toString(),
			Boolean.parseBoolean(System.getProperty(DJL_OFFLINE_KEY, "false")), Runtime.version().toString(),
			Runtime.getRuntime().availableProcessors());
	}

	private static String nativeFlavour() {
		final String path = TorchThreads.libraryPath();
		if (path == null) return "unknown";
		if (path.contains("-cu")) return "cuda (" + path + ")";
		return "cpu (" + path + ")";
	}

	private static String rootMessage(final Throwable error) {
		Throwable t = error;
		while (t.getCause() != null && t.getCause() != t) t = t.getCause();
		return t.getClass().getSimpleName() + ": " + t.getMessage();
	}
}
