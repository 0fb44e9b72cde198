package org.medxai.java8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;
import org.scijava.Context;

/** On Java 8 the check names the problem once; on Java 21 it stays quiet; and it is Java 8 bytecode itself. */
class JavaVersionCheckTest {

	@Test
	void java8GetsOneClearMessageAndJava21None() {
		final String problem = JavaVersionCheck.problem("1.8");
		assertTrue(problem.startsWith("MedXAI needs Fiji-Latest (Java 21 or newer), but this Fiji runs Java 1.8."),
			problem);
		assertNotNull(JavaVersionCheck.problem("17"));
		assertNull(JavaVersionCheck.problem("21"));
		assertNull(JavaVersionCheck.problem("25"));
	}

	@Test
	void itIsJava8BytecodeAndAServiceOfEveryContext() throws IOException {
		try (InputStream in = JavaVersionCheck.class.getResourceAsStream("JavaVersionCheck.class");
			DataInputStream data = new DataInputStream(in))
		{
			data.readInt(); // magic
			data.readUnsignedShort(); // minor
			assertEquals(52, data.readUnsignedShort(), "class file version 52: Java 8");
		}
		try (Context context = new Context()) {
			assertNotNull(context.getService(JavaVersionCheck.class), "found through the SciJava index");
		}
	}
}
