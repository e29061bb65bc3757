import AccordCLI
import CAccordBytes

// First of all, glibc's cache of freed blocks made larger (`AllocatorCache`): the program is
// executed again with it, once, before anything else is done.
AllocatorCache.enlargeAndRestart()

// A long text's arrays (twelve bytes a character, and more for its tokens) are larger than
// glibc's threshold for giving an allocation memory mapped for it alone, so each was mapped,
// faulted in page by page as it was first written, and unmapped when freed, for every array
// the stages make: most of the time spent on such a text. Kept in the heap instead (and the
// heap not trimmed after each), freed memory is reused already faulted in. The peak stays
// what the largest text needs. (Nothing happens where the C library is not glibc.)
accord_keep_freed_memory()

Accord.runMain()
