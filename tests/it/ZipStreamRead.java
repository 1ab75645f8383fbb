// Reads a zip front to back with Java's streaming reader (java.util.zip.ZipInputStream), as
// a download or a pipe is read, and prints each entry: name, size and SHA-256 of its data.
// Used by tests/it/package_stream.rs; run as `java tests/it/ZipStreamRead.java FILE.zip`.
import java.io.FileInputStream;
import java.security.MessageDigest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

public class ZipStreamRead {
    public static void main(String[] args) throws Exception {
        try (ZipInputStream zip = new ZipInputStream(new FileInputStream(args[0]))) {
            byte[] buffer = new byte[1 << 16];
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                long size = 0;
                int n;
                while ((n = zip.read(buffer)) > 0) {
                    sha.update(buffer, 0, n);
                    size += n;
                }
                StringBuilder hex = new StringBuilder();
                for (byte b : sha.digest()) {
                    hex.append(String.format("%02x", b));
                }
                System.out.println(entry.getName() + "\t" + size + "\t" + hex);
            }
        }
    }
}
