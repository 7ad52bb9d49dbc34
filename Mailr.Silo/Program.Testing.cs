// Lets WebApplicationFactory<Program> in Mailr.Tests host the real silo.
public partial class Program;
