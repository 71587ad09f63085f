package io.mailferry.migration.domain;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Special-use folders (RFC 6154). A source folder is recognised by its attribute where the server
 * announces one, else by the names mail clients and servers commonly give it.
 */
public enum SpecialUse {
  SENT(
      "\\Sent",
      "Sent",
      List.of(
          "Sent",
          "Sent Items",
          "Sent Messages",
          "Sent Mail",
          "Sent-Mail",
          "Gesendet",
          "Gesendete Objekte",
          "Gesendete Elemente",
          "Gesendete Nachrichten",
          "Envoyés",
          "Éléments envoyés",
          "Messages envoyés",
          "Enviados",
          "Elementos enviados",
          "Posta inviata",
          "Inviati",
          "Verzonden",
          "Verzonden items",
          "Skickat",
          "Skickade objekt",
          "Wysłane",
          "Отправленные")),
  DRAFTS(
      "\\Drafts",
      "Drafts",
      List.of(
          "Drafts",
          "Draft",
          "Entwürfe",
          "Brouillons",
          "Borradores",
          "Bozze",
          "Concepten",
          "Utkast",
          "Kopie robocze",
          "Черновики")),
  TRASH(
      "\\Trash",
      "Trash",
      List.of(
          "Trash",
          "Deleted Items",
          "Deleted Messages",
          "Deleted",
          "Bin",
          "Papierkorb",
          "Gelöschte Objekte",
          "Gelöschte Elemente",
          "Corbeille",
          "Éléments supprimés",
          "Papelera",
          "Elementos eliminados",
          "Cestino",
          "Posta eliminata",
          "Prullenbak",
          "Verwijderde items",
          "Papperskorgen",
          "Kosz",
          "Корзина",
          "Удаленные")),
  JUNK(
      "\\Junk",
      "Junk",
      List.of(
          "Junk",
          "Spam",
          "Junk E-mail",
          "Junk Email",
          "Junk Mail",
          "Bulk Mail",
          "Junk-E-Mail",
          "Spamverdacht",
          "Courrier indésirable",
          "Correo no deseado",
          "Posta indesiderata",
          "Ongewenste e-mail",
          "Skräppost",
          "Спам")),
  ARCHIVE("\\Archive", "Archive", List.of("Archive", "Archives", "Archiv", "Archief", "Arkiv"));

  private final String attribute;
  private final String canonicalName;
  private final List<String> wellKnownNames;

  SpecialUse(String attribute, String canonicalName, List<String> wellKnownNames) {
    this.attribute = attribute;
    this.canonicalName = canonicalName;
    this.wellKnownNames = wellKnownNames;
  }

  public String attribute() {
    return attribute;
  }

  public String canonicalName() {
    return canonicalName;
  }

  public static Optional<SpecialUse> byAttribute(ListedFolder folder) {
    for (SpecialUse use : values()) {
      if (folder.hasAttribute(use.attribute)) {
        return Optional.of(use);
      }
    }
    return Optional.empty();
  }

  /** Only a top-level folder (or one directly under INBOX) is taken for special by its name. */
  public static Optional<SpecialUse> byName(FolderPath path) {
    List<String> segments = path.segments();
    String name;
    if (segments.size() == 1) {
      name = segments.get(0);
    } else if (segments.size() == 2 && segments.get(0).equalsIgnoreCase("INBOX")) {
      name = segments.get(1);
    } else {
      return Optional.empty();
    }
    String lower = name.toLowerCase(Locale.ROOT);
    for (SpecialUse use : values()) {
      for (String known : use.wellKnownNames) {
        if (known.toLowerCase(Locale.ROOT).equals(lower)) {
          return Optional.of(use);
        }
      }
    }
    return Optional.empty();
  }
}
