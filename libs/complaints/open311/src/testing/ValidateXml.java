import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.sax.SAXSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * Validates XML documents against W3C XML Schemas with the JDK's javax.xml.validation.
 *
 * Usage: java ValidateXml.java <xsd> <xml-file> [<xsd> <xml-file> ...]
 *
 * Prints one line per problem, "<xml-file>\t<line>:<column>: <message>", and exits with 0 when
 * every document is valid, 1 when one is not, 2 on bad usage or an unreadable schema. Several
 * pairs in one call share one JVM start, which costs far more than the validation itself.
 */
public class ValidateXml {
  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args.length % 2 != 0) {
      System.err.println("usage: java ValidateXml.java <xsd> <xml-file> [<xsd> <xml-file> ...]");
      System.exit(2);
    }
    Map<String, Schema> schemas = new HashMap<>();
    boolean allValid = true;
    for (int i = 0; i < args.length; i += 2) {
      Schema schema = schemas.get(args[i]);
      if (schema == null) {
        schema = loadSchema(args[i]);
        schemas.put(args[i], schema);
      }
      List<String> problems = validate(schema, new File(args[i + 1]));
      for (String problem : problems) System.out.println(args[i + 1] + "\t" + problem);
      allValid &= problems.isEmpty();
    }
    System.out.flush();
    System.exit(allValid ? 0 : 1);
  }

  private static Schema loadSchema(String path) {
    try {
      SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      // The schemas include common.xsd beside them; nothing else may be fetched.
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
      return factory.newSchema(new File(path));
    } catch (Exception e) {
      System.err.println("cannot load schema " + path + ": " + e.getMessage());
      System.exit(2);
      return null;
    }
  }

  private static List<String> validate(Schema schema, File document) {
    List<String> problems = new ArrayList<>();
    try {
      Validator validator = schema.newValidator();
      validator.setErrorHandler(collectingInto(problems));
      validator.validate(new SAXSource(parserWithoutDoctype(), new InputSource(document.toURI().toString())));
    } catch (SAXParseException e) {
      if (problems.isEmpty() || !problems.get(problems.size() - 1).endsWith(e.getMessage())) problems.add(describe(e));
    } catch (Exception e) {
      problems.add("0:0: " + e.getMessage());
    }
    return problems;
  }

  /** A document type declaration could pull in external entities; Open311 documents have none. */
  private static XMLReader parserWithoutDoctype() throws Exception {
    SAXParserFactory factory = SAXParserFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newSAXParser().getXMLReader();
  }

  private static ErrorHandler collectingInto(List<String> problems) {
    return new ErrorHandler() {
      public void warning(SAXParseException e) {}

      public void error(SAXParseException e) {
        problems.add(describe(e));
      }

      public void fatalError(SAXParseException e) throws SAXParseException {
        problems.add(describe(e));
        throw e;
      }
    };
  }

  private static String describe(SAXParseException e) {
    return e.getLineNumber() + ":" + e.getColumnNumber() + ": " + e.getMessage().replace('\n', ' ');
  }
}
