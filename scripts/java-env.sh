# Sourced by the project's scripts: picks a JDK >= 21 (JAVA_HOME if it is one, else one under /usr/lib/jvm).
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p' | cut -d. -f1; }
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/javac" ] || [ "$(java_major "$JAVA_HOME")" -lt 21 ]; then
	JAVA_HOME=
	for candidate in /usr/lib/jvm/*; do
		if [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate")" -ge 21 ]; then JAVA_HOME=$candidate; fi
	done
	if [ -z "$JAVA_HOME" ]; then
		echo "MedXAI needs a JDK 21 or newer (none found under /usr/lib/jvm); set JAVA_HOME." >&2
		exit 2
	fi
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
