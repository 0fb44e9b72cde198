package org.medxai.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A snapshot of the engine set-up, shown by the Engine and Device Info command. */
public record EngineReport(String engineName, String engineVersion, String djlVersion, String natives, int gpuCount,
	List<String> devices, int threads, int interopThreads, String cacheDirectory, boolean offline, String javaVersion,
	int processors)
{

	/** Ordered key/value rows for a table. */
	public Map<String, String> asRows() {
		final Map<String, String> rows = new LinkedHashMap<>();
		rows.put("engine", engineName);
		rows.put("engine_version", engineVersion);
		rows.put("djl_version", djlVersion);
		rows.put("natives", natives);
		rows.put("gpu_count", Integer.toString(gpuCount));
		rows.put("devices", String.join(", ", devices));
		rows.put("default_device", gpuCount > 0 ? devices.get(1) : devices.get(0));
		rows.put("threads", Integer.toString(threads));
		rows.put("interop_threads", Integer.toString(interopThreads));
		rows.put("cache_folder", cacheDirectory);
		rows.put("offline", Boolean.toString(offline));
		rows.put("java", javaVersion);
		rows.put("processors", Integer.toString(processors));
		return rows;
	}
}
