#ifndef ACCORD_CLIBXML2_SHIM_H
#define ACCORD_CLIBXML2_SHIM_H
/* libxml2 built with ICU would pull the system's ICU headers into this module, which
   clash with the ICU that Foundation bundles; Accord uses none of libxml2's ICU API. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlschemas.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlsave.h>

/// xmlFree is a macro-ish global function pointer; Swift cannot call it directly.
static inline void clibxml2_free(void *p) { xmlFree(p); }
#endif
