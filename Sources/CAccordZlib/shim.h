// zlib, for reading ZIP members and gzip files with every input length and end checked
// (Sources/AccordBatch/ZipArchive.swift, Archives.swift).
#include <zlib.h>
