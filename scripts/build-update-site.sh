#!/usr/bin/env bash
# Builds MedXAI and writes a ready-to-host Fiji update site into target/update-site (docs/INSTALL.md):
# db.xml.gz and one object per file version, named <filename>-<timestamp>, from the runtime dependency list
# the build writes (target/runtime-dependencies.txt). The PyTorch natives are not on the site: users install
# them with Plugins > MedXAI > Install MedXAI Engine.
# The JavaCPP/FFmpeg natives of every platform go on the site (Maven profile all-platforms; ALL_PLATFORMS=0: only
# the building platform's).
# Usage: [ALL_PLATFORMS=1] bash scripts/build-update-site.sh [PREVIOUS_DB_XML_GZ]
#   PREVIOUS_DB_XML_GZ: the published site's db.xml.gz (download it first); its versions are kept as
#   previous versions, so that users of an older MedXAI are offered the update.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
profiles=()
[ "${ALL_PLATFORMS:-1}" = 1 ] && profiles=(-Pall-platforms)
mvn -B -q package -DskipTests "${profiles[@]}"
jar=$(ls target/medxai-*.jar | grep -v -e '-sources' -e '-tests' | head -1)
version=$(basename "$jar" .jar)
version=${version#medxai-}
rm -rf target/update-site
java -cp "target/classes:target/imagej/jars/*" org.medxai.install.UpdateSiteBuilder \
	target/runtime-dependencies.txt "$jar" "$version" macros target/update-site ${1:+"$1"}
