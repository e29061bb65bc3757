import AccordXML
import Foundation

/// The schemas shipped with Accord: JSON Schema for the JSON reports, XSD for the XML.
public enum ReportSchemas {
    static var directory: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Schemas")
    }

    public static var documentXSDPath: String { directory.appendingPathComponent("accord-document.xsd").path }

    public static func jsonSchema(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent("accord-\(name).schema.json"))
    }

    public static var diffXSDPath: String { directory.appendingPathComponent("accord-diff.xsd").path }

    public static var corpusXSDPath: String { directory.appendingPathComponent("accord-corpus.xsd").path }

    public static func corpusXMLValidator() throws -> XMLSchemaValidator {
        try XMLSchemaValidator(path: corpusXSDPath)
    }

    /// A validator for document reports in XML (loads the XSD once).
    public static func documentXMLValidator() throws -> XMLSchemaValidator {
        try XMLSchemaValidator(path: documentXSDPath)
    }
}
