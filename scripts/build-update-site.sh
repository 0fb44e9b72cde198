#!/usr/bin/env bash
# Builds MedXAI and writes a ready-to-host Fiji update site into target/update-site (docs/INSTALL.md):
# db.xml.gz and one object per file version, named <filename>-<timestamp>.
# Usage: bash scripts/build-update-site.sh [PREVIOUS_DB_XML_GZ]
#   PREVIOUS_DB_XML_GZ: the published site's db.xml.gz (download it first); its versions are kept as
#   previous versions, so that users of an older MedXAI are offered the update.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
mvn -B -q package -DskipTests
jar=$(ls target/medxai-*.jar | grep -v -e '-sources' -e '-tests' | head -1)
version=$(basename "$jar" .jar)
version=${version#medxai-}
mvn -B -q dependency:list -DincludeScope=runtime -DoutputAbsoluteArtifactFilename=true \
	-DoutputFile=target/runtime-dependencies.txt
rm -rf target/update-site
java -cp "target/classes:target/imagej/jars/*" org.medxai.install.UpdateSiteBuilder \
	target/runtime-dependencies.txt "$jar" "$version" macros target/update-site ${1:+"$1"}
