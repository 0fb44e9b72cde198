package org.medxai.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;

import ai.djl.Device;

import org.junit.jupiter.api.Test;
import org.medxai.MedXaiException;

class EngineEnvironmentTest {

	@Test
	void engineLoadsOfflineFromBundledNatives() {
		final EngineReport report = EngineEnvironment.report();
		assertEquals("PyTorch", report.engineName());
		assertEquals("2.5.1", report.engineVersion());
		assertEquals("0.32.0", report.djlVersion());
		assertTrue(report.offline(), "DJL must run offline so nothing is ever downloaded");
		assertTrue(report.threads() >= 1);
		assertFalse(report.devices().isEmpty());
		final Map<String, String> rows = report.asRows();
		for (final String key : new String[] { "engine", "engine_version", "devices", "threads", "cache_folder",
			"natives" })
		{
			assertTrue(rows.containsKey(key), key);
		}
		assertTrue(report.natives().startsWith("cpu") || report.natives().startsWith("cuda"), report.natives());
	}

	@Test
	void autoAndCpuPreferences() {
		assertEquals(Device.cpu(), EngineEnvironment.device(DevicePreference.CPU));
		final Device auto = EngineEnvironment.device(DevicePreference.AUTO);
		if (EngineEnvironment.gpuCount() > 0) assertTrue(auto.isGpu());
		else assertEquals(Device.cpu(), auto);
	}

	@Test
	void gpuRequestWithoutGpuFailsClearly() {
		assumeTrue(EngineEnvironment.gpuCount() == 0, "this machine has a GPU");
		final MedXaiException e = assertThrows(MedXaiException.class,
			() -> EngineEnvironment.device(DevicePreference.GPU));
		assertTrue(e.getMessage().contains("A GPU was requested"), e.getMessage());
		assertTrue(e.getMessage().contains("device=cpu"), e.getMessage());
	}

	@Test
	void devicePreferenceParsing() {
		assertEquals(DevicePreference.AUTO, DevicePreference.parse(""));
		assertEquals(DevicePreference.GPU, DevicePreference.parse(" GPU "));
		final MedXaiException e = assertThrows(MedXaiException.class, () -> DevicePreference.parse("tpu"));
		assertEquals("Unknown device 'tpu': choose auto, cpu or gpu.", e.getMessage());
	}

	@Test
	void cacheFolderComesFromPropertyThenEnvironment() {
		assertEquals("/p", EngineEnvironment
			.configuredCache(key -> key.equals(EngineEnvironment.CACHE_PROPERTY) ? "/p" : null, key -> "/e"));
		assertEquals("/e", EngineEnvironment.configuredCache(key -> null,
			key -> key.equals(EngineEnvironment.CACHE_ENV) ? "/e" : null));
		assertEquals(null, EngineEnvironment.configuredCache(key -> null, key -> null));
	}
}
