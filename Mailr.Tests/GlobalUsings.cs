global using Mailr.Grains;
global using Mailr.Grains.Messages;
global using Mailr.Grains.Providers;
global using Mailr.Tests.Fakes;
global using Mailr.Tests.Fixtures;
