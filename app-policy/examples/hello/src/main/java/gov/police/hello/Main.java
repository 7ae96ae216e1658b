package gov.police.hello;

/** The smallest ministry app: says hello on the handset's screen channel (stdout until the app SDK exists). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("Hello from a ministry-signed app");
    }
}
