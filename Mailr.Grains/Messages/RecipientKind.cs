namespace Mailr.Grains.Messages;

public enum RecipientKind
{
    To,
    Cc,
    Bcc,
}
