import java.util.Scanner;

public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        double r = Double.parseDouble(in.next());
        System.out.printf("%.9f%n", Math.PI * r * r);
    }
}
