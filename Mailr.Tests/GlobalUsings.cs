global using Mailr.Grains;
global using Mailr.Grains.Messages;
global using Mailr.Grains.Providers;
global using Mailr.Tests.Fakes;
global using Mailr.Tests.Fixtures;
global using Mailr.Grains.Storage;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Extensions.Time.Testing;
