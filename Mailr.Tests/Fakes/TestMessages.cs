namespace Mailr.Tests.Fakes;

public static class TestMessages
{
    public static OutgoingMessage Create(params string[] to) => new(
        new MessageContent(new Mailbox("amit@example.com", "Amit Ruparel"), "Hello", "Testing some Mailr awesomeness!"),
        [.. (to.Length == 0 ? ["nishant@example.com"] : to).Select(a => new Mailbox(a))],
        [],
        []);
}
