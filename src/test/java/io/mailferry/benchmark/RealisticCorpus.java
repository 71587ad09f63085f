package io.mailferry.benchmark;

import io.mailferry.testing.DovecotServer;
import io.mailferry.testing.MaildirCorpus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A real-shaped mailbox, the same every run (seeded): 41 folders (INBOX with about 40 % of the
 * messages, Sent, yearly archives, mailing lists, projects, clients and a long tail of small
 * folders), message sizes log-normal around a median of 8 KB (σ 1.3: a mean near 19 KB, a few
 * hundred KB not rare) and one message in 5,000 of 2 to 20 MB. At 50,000 messages it holds about 1
 * GB, like the mailbox behind issue 11's figures.
 */
final class RealisticCorpus {

  static final int MEDIAN = 8 * 1024;
  static final double SIGMA = 1.3;
  static final int MAX = 20 * 1024 * 1024;

  /** The other 40 folders and their weights, about 60 % of the messages between them. */
  private static final Map<String, Double> FOLDERS = new LinkedHashMap<>();

  static {
    FOLDERS.put("Sent", 10.0);
    String[] years = {"2017", "2018", "2019", "2020", "2021", "2022", "2023", "2024"};
    for (int i = 0; i < years.length; i++) {
      FOLDERS.put("Archive/" + years[i], 1.5 + 0.5 * i);
    }
    FOLDERS.put("Drafts", 0.3);
    FOLDERS.put("Trash", 2.0);
    FOLDERS.put("Junk", 1.5);
    FOLDERS.put("Notes", 0.2);
    FOLDERS.put("Lists/dev", 3.0);
    FOLDERS.put("Lists/announce", 1.0);
    FOLDERS.put("Lists/security", 0.8);
    FOLDERS.put("Lists/users", 2.0);
    FOLDERS.put("Lists/jobs", 0.4);
    FOLDERS.put("Projects/Alpha", 2.0);
    FOLDERS.put("Projects/Beta", 1.5);
    FOLDERS.put("Projects/Gamma", 1.0);
    FOLDERS.put("Projects/Delta", 0.8);
    FOLDERS.put("Projects/Epsilon", 0.5);
    FOLDERS.put("Projects/Zeta", 0.3);
    FOLDERS.put("Clients/Acme", 1.2);
    FOLDERS.put("Clients/Globex", 0.9);
    FOLDERS.put("Clients/Initech", 0.7);
    FOLDERS.put("Clients/Umbrella", 0.5);
    FOLDERS.put("Family", 1.0);
    FOLDERS.put("Friends", 0.8);
    FOLDERS.put("Travel", 0.6);
    FOLDERS.put("Receipts", 0.9);
    FOLDERS.put("Bank", 0.4);
    FOLDERS.put("Health", 0.2);
    FOLDERS.put("Newsletters", 2.2);
    FOLDERS.put("Social", 1.0);
    FOLDERS.put("Old/2015", 0.3);
    FOLDERS.put("Old/2014", 0.2);
    FOLDERS.put("Old/2016", 0.3);
    FOLDERS.put("Personal/Taxes", 0.2);
  }

  private RealisticCorpus() {}

  /** How many folders hold messages: INBOX and the others. */
  static int folders() {
    return 1 + FOLDERS.size();
  }

  /** Writes {@code messages} messages into the user's maildir on the server. */
  static void write(DovecotServer server, String email, int messages, long seed) {
    Random sizes = new Random(seed);
    MaildirCorpus corpus = new MaildirCorpus(server, email, seed);
    int large = Math.max(1, messages / 5_000);
    int ordinary = messages - large;
    double total = FOLDERS.values().stream().mapToDouble(Double::doubleValue).sum();
    int left = ordinary;
    for (Map.Entry<String, Double> folder : FOLDERS.entrySet()) {
      int count = (int) Math.round(ordinary * 0.6 * folder.getValue() / total);
      count = Math.min(count, left);
      left -= count;
      corpus.addSizes(count, () -> logNormal(sizes), folder.getKey().split("/"));
    }
    corpus.addSizes(left, () -> logNormal(sizes));
    String[] largeFolders = {"INBOX", "Archive/2023", "Sent"};
    for (int i = 0; i < large; i++) {
      // log-uniform from 2 to 20 MB
      double mb = Math.exp(Math.log(2) + sizes.nextDouble() * Math.log(10));
      int size = (int) Math.min(MAX, mb * 1024 * 1024);
      corpus.addSizes(1, () -> size, largeFolders[i % largeFolders.length].split("/"));
    }
  }

  private static int logNormal(Random random) {
    double size = MEDIAN * Math.exp(SIGMA * random.nextGaussian());
    return (int) Math.max(400, Math.min(MAX, size));
  }
}
