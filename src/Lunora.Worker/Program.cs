using Lunora.Worker;

return await WorkerProgram.RunAsync(args);
